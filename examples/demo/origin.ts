// The origin: a node:http server on 127.0.0.1 around the demo API. It counts what reached it
// (requests, conditional headers, body bytes sent) and can be taken "down".
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApiReply, type ApiRequest, ShopApi } from './api';
import { httpDate } from './clock';

/**
 * `up`; `error`: every request gets the API's own 503; `unreachable`: every connection is closed
 * unanswered; `bad-gateway` / `gateway-timeout`: a dev proxy in front of a dead API answers 502 /
 * 504; `slow`: the API answers, but only after `slowAnswerMs` (real time).
 */
export type OriginMode =
  | 'up'
  | 'error'
  | 'unreachable'
  | 'bad-gateway'
  | 'gateway-timeout'
  | 'slow';

/** How long the `slow` origin takes to send its answer. */
export const slowAnswerMs = 1000;

/** One request as the origin saw it. */
export interface OriginRecord {
  method: string;
  path: string;
  /** The conditional request headers it carried, e.g. `if-none-match: "abc"`. */
  conditional: string[];
  /**
   * The status sent; `closed` when the connection was dropped without an answer; `pending` while
   * a slow answer is still on its way.
   */
  status: number | 'closed' | 'pending';
  /** The header fields sent, lower-case names. */
  headers: Record<string, string>;
  /** Response body bytes sent. */
  bodyBytes: number;
  /** The request's Idempotency-Key (a write the outbox may queue carries one). */
  idempotencyKey?: string | undefined;
}

export interface Origin {
  readonly url: string;
  readonly api: ShopApi;
  /** Everything that reached the origin, in order. */
  readonly log: readonly OriginRecord[];
  setMode(mode: OriginMode): void;
  /** Body bytes this request would cost a client without a cache (no validators, full body). */
  unconditionalBytes(method: string, path: string, headers: Headers): number;
  close(): Promise<void>;
}

const conditionalNames = [
  'if-none-match',
  'if-modified-since',
  'if-match',
  'if-unmodified-since',
  'if-range',
];
const unavailable: ApiReply = {
  status: 503,
  headers: {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'retry-after': '120',
  },
  body: JSON.stringify({ error: 'down for maintenance' }),
};

/** What a dev proxy or API gateway answers when the API behind it is down. */
function gatewayReply(status: 502 | 504): ApiReply {
  const text = status === 502 ? 'Bad Gateway: connect ECONNREFUSED' : 'Gateway Timeout';
  return { status, headers: { 'content-type': 'text/plain' }, body: text };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function apiRequest(req: IncomingMessage, body: string): ApiRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const path = new URL(req.url ?? '/', 'http://origin').pathname;
  return { method: req.method ?? 'GET', path, headers, body };
}

export async function startOrigin(now: () => number): Promise<Origin> {
  const api = new ShopApi(now);
  const log: OriginRecord[] = [];
  let mode: OriginMode = 'up';
  let rateLimitRemaining = 100;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = apiRequest(req, await readBody(req));
    const conditional = conditionalNames
      .filter((name) => request.headers[name] !== undefined)
      .map((name) => `${name}: ${request.headers[name]}`);
    const record: OriginRecord = {
      method: request.method,
      path: request.path,
      conditional,
      status: 'closed',
      headers: {},
      bodyBytes: 0,
      idempotencyKey: request.headers['idempotency-key'],
    };
    log.push(record);
    if (mode === 'unreachable') {
      req.socket.destroy();
      return;
    }
    if (mode === 'slow') {
      record.status = 'pending';
      await new Promise((resolve) => setTimeout(resolve, slowAnswerMs));
    }
    const reply =
      mode === 'error'
        ? unavailable
        : mode === 'bad-gateway'
          ? gatewayReply(502)
          : mode === 'gateway-timeout'
            ? gatewayReply(504)
            : api.handle(request);
    const body = request.method === 'HEAD' || reply.status === 304 ? '' : reply.body;
    // Every answer, 304s included, carries the origin's clock and the client's remaining quota.
    rateLimitRemaining -= 1;
    const headers: Record<string, string> = {
      date: httpDate(now()),
      ...reply.headers,
      'x-ratelimit-remaining': String(rateLimitRemaining),
    };
    if (reply.status !== 304) headers['content-length'] = String(Buffer.byteLength(reply.body));
    record.status = reply.status;
    record.headers = headers;
    record.bodyBytes = Buffer.byteLength(body);
    res.sendDate = false; // Date comes from the simulated clock.
    res.writeHead(reply.status, headers);
    res.end(body);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    api,
    log,
    setMode(next) {
      mode = next;
    },
    unconditionalBytes(method, path, headers) {
      if (mode === 'unreachable' || method === 'HEAD') return 0;
      if (mode === 'error') return Buffer.byteLength(unavailable.body);
      if (mode === 'bad-gateway') return Buffer.byteLength(gatewayReply(502).body);
      if (mode === 'gateway-timeout') return Buffer.byteLength(gatewayReply(504).body);
      const plain: Record<string, string | undefined> = {};
      headers.forEach((value, name) => {
        if (!conditionalNames.includes(name)) plain[name] = value;
      });
      // Only safe methods are asked (an unsafe one always reaches the origin), so nothing changes.
      return Buffer.byteLength(api.handle({ method, path, headers: plain, body: '' }).body);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
