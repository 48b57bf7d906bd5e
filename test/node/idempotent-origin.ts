// A real node:http origin for the outbox tests that honours Idempotency-Key (as the IETF httpapi
// draft asks): a key it has applied is answered again with the first answer, not applied again.
// It can be stopped (the port then refuses connections: really offline) and started on the same port.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';

export interface Received {
  method: string;
  path: string;
  key: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

/** What the origin does with the next write: answer, or apply it and drop the connection unanswered. */
export type Behaviour =
  | { status: number; headers?: Record<string, string>; body?: string }
  | 'apply-then-drop';

export class IdempotentOrigin {
  /** Every request that reached the origin, in order. */
  readonly received: Received[] = [];
  /** Writes applied, in order (one per key). */
  readonly applied: Received[] = [];
  readonly #answers = new Map<string, { status: number; body: string }>();
  readonly #script: Behaviour[] = [];
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Behaviours for the next writes; once used up, writes are applied and answered 201. */
  next(...behaviours: Behaviour[]): void {
    this.#script.push(...behaviours);
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      void this.#handle(request).then((reply) => {
        if (reply === 'drop') {
          request.socket.destroy();
          return;
        }
        response.writeHead(reply.status, reply.headers);
        response.end(reply.body);
      });
    });
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  /** Stops listening and drops every connection: requests now fail with a network error. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  async #handle(request: IncomingMessage) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const received: Received = {
      method: request.method!,
      path: request.url!,
      key: request.headers['idempotency-key'] as string | undefined,
      contentType: request.headers['content-type'],
      body: Buffer.concat(chunks),
    };
    this.received.push(received);
    if (request.method === 'GET') {
      return { status: 200, headers: { 'cache-control': 'no-store' }, body: 'up' };
    }
    const repeated = received.key === undefined ? undefined : this.#answers.get(received.key);
    if (repeated) return { ...repeated, headers: { 'idempotent-replayed': 'true' } };
    const behaviour = this.#script.shift() ?? { status: 201 };
    if (behaviour === 'apply-then-drop') {
      this.#apply(received, { status: 201, body: `applied ${this.applied.length + 1}` });
      return 'drop' as const;
    }
    const answer = { status: behaviour.status, body: behaviour.body ?? '' };
    if (behaviour.status >= 200 && behaviour.status < 300) this.#apply(received, answer);
    return { ...answer, headers: behaviour.headers ?? {} };
  }

  #apply(received: Received, answer: { status: number; body: string }) {
    this.applied.push(received);
    if (received.key !== undefined) this.#answers.set(received.key, answer);
  }
}
