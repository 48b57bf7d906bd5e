// A queueable write's first attempt: it carries its Idempotency-Key, and when it cannot reach the
// origin (a network error, 502/503/504, no head within `networkTimeout`) it is queued, durably,
// before the call answers 202; a write whose queue already waits goes behind it unsent.
import { isUnreachableStatus, retryAfterAt } from '../../policy/outbox';
import type { Engine } from '../context/engine';
import { linkedController } from '../response/abort';
import { captureWrite } from './captured-write';
import { outboxOf } from './open';
import type { Outbox } from './outbox';
import { OutboxFullError, type OutboxRecord } from './outbox-store';
import { queuedResponse } from './queued-response';

/** What the front does with a response that reached the caller's write online (§4.4 and so on). */
export type Online = (response: Response) => Promise<Response>;

/**
 * Sends `request` (unsafe, matched by `outbox.match`). Resolves to what `online` makes of the
 * origin's response, or to the 202 of a queued write; rejects as fetch does for an abort, and with
 * a TypeError saying why when the write could not reach the origin and could not be queued either.
 * `given`: the body as the caller gave it (a ReadableStream cannot be queued).
 */
export async function firstAttempt(
  engine: Engine,
  request: Request,
  partition: string,
  given: unknown,
  online: Online,
): Promise<Response> {
  const { options } = engine;
  const outbox = await outboxOf(engine);
  const timeout = options.networkTimeout;
  // Our own signal only when a timeout may abort the attempt; the caller's abort still reaches it.
  const linked = timeout === undefined ? undefined : linkedController(request.signal);
  const signal = linked?.controller.signal ?? request.signal;
  const captured = await captureWrite(request, given, partition, options.now(), signal);
  const { record } = captured;
  // Earlier writes of this queue wait (as this instance last read the store; read it again, as
  // another tab may have sent them): this one goes after them, in order. No replay is set off: a
  // new write is no sign that the origin is back, and the queue's first write keeps its backoff
  // (one attempt per write queued behind it spent its attempts in seconds, offline).
  if (record && outbox.hasPending(record)) await outbox.refresh().catch(() => {});
  if (record && outbox.hasPending(record)) {
    return queue(outbox, request, record, {}, undefined, 'waits behind earlier writes');
  }
  let response: Response | undefined;
  try {
    response = await headWithin(options.fetch(captured.outgoing), timeout, () =>
      linked?.controller.abort(),
    );
  } catch (error) {
    // fetch rejects with a TypeError when it cannot reach the origin; an abort is the caller's.
    if (request.signal.aborted || (error as Error)?.name !== 'TypeError') throw error;
    return queue(outbox, request, record, { attempts: 1, lastError: String(error) }, error);
  }
  if (response && !isUnreachableStatus(response.status)) return online(response);
  const status = response?.status;
  void response?.body?.cancel().catch(() => {});
  const retryAt = retryAfterAt(response?.headers.get('retry-after') ?? null, options.now());
  const lastError = response ? undefined : `no response head within ${timeout} ms`;
  return queue(outbox, request, record, { attempts: 1, lastStatus: status, retryAt, lastError });
}

/** The response, or undefined once `ms` pass first (then `abort()` ends the attempt). */
function headWithin(
  pending: Promise<Response>,
  ms: number | undefined,
  abort: () => void,
): Promise<Response | undefined> {
  if (ms === undefined) return pending;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      resolve(undefined);
      abort();
    }, ms);
    pending.finally(() => clearTimeout(timer)).then(resolve, reject);
  });
}

async function queue(
  outbox: Outbox,
  request: Request,
  record: OutboxRecord | undefined,
  attempt: Partial<OutboxRecord>,
  cause?: unknown,
  why = 'could not reach the origin',
): Promise<Response> {
  const what = `${request.method} ${request.url} ${why}`;
  if (!record) {
    throw new TypeError(
      `${what}, and was not queued: its body is a ReadableStream, which can be read only once, so the outbox cannot keep it to send again (give the body as a string, Blob, ArrayBuffer, URLSearchParams or FormData)`,
      { cause },
    );
  }
  const queued = { ...record, ...attempt };
  try {
    await outbox.queue(queued);
  } catch (error) {
    if (error instanceof OutboxFullError) throw error;
    throw new TypeError(`${what}, and could not be queued: ${String(error)}`, { cause: error });
  }
  if (queued.attempts > 0) outbox.retryLater(queued.attempts, queued.retryAt);
  return queuedResponse(record.id, outbox.engine.options, request.method, queued.lastStatus);
}
