// The durable outbox (issue 22, decision 0024): loaded with import() when an instance is created
// with the `outbox` option. The entry keeps only the option's check, the forwarding of every
// unsafe request of such an instance (route.ts `unsafeRequest`) and the handle's; whether a write
// may be queued (the option's `match`, default `sameOriginWrite`) is decided here, in `call`.
//
//   a queueable write (POST, PUT, PATCH, DELETE to this origin, or the app's `match`)
//   │  Idempotency-Key set (the caller's, or a new UUID), body read into bytes from a clone
//   │  (./captured-write): the first attempt sends exactly what a replay will
//   ├─ earlier writes of its queue (partition × origin) are pending ── queued behind them ─ 202
//   ├─ the origin answers (not 502/503/504) ─── the online path: §4.4 invalidation ──── as is
//   └─ network error, 502/503/504, no head within networkTimeout (./first-attempt)
//      ├─ body was a ReadableStream ─────────────────────────── TypeError: cannot be queued
//      ├─ outbox full, storage failed ───────────────────────── TypeError (OutboxFullError)
//      └─ kept in IndexedDB (./indexeddb-outbox; memory: ./outbox-store) ── `queued` ─── 202
//         (Cache-Status: cached-fetch; fwd=method; detail="queued", X-Outbox-Id, {"id": ...})
//
//   replay (./replay), one at a time across tabs (./replay-lock, Web Locks), set off by
//   flush(), retry(id), `online`, a response from that origin, the next instance (page load),
//   and the retry timer (backoff with jitter, never before Retry-After) (./outbox, ./open):
//   for each queue, in the order its writes were queued:
//   ├─ the partition now is not the write's (another user) ───────── the queue waits
//   ├─ Retry-After not reached ───────────────────────────────────── the queue waits
//   └─ marked in flight in the store, sent with the same key (./settle):
//      ├─ 2xx ── removed, §4.4 invalidation, `sent` (status, headers, response), result(id)
//      ├─ 4xx but 408/425/429 ── failed (409/412: conflict), `failed`, never retried
//      └─ network error, 5xx, 408, 425, 429 ─┬─ out of maxAttempts / maxAgeMs ── failed
//                                            └─ else: retried later; the queue waits
import type { Engine } from '../context/engine';
import { sameOriginWrite } from '../context/outbox-options';
import { firstAttempt, type Online } from './first-attempt';
import { closeOutbox, outboxOf } from './open';
import type { Outbox } from './outbox';

/**
 * What the entry asks of the outbox (../outbox-chunk `inOutbox`): `send` (a queueable write's first
 * attempt), `close`, `clear`
 * (cache.clear(): a partition's writes at logout, or all; resolves to how many went) and the
 * handle's methods (`cache.outbox`).
 */
export async function call(engine: Engine, name: string, ...args: unknown[]): Promise<unknown> {
  if (name === 'send') {
    const [request, partition, body, online] = args as [Request, string, unknown, Online];
    // Decided here, not in the entry, so that what every page loads stays a few bytes.
    if (!(engine.options.outbox!.match ?? sameOriginWrite)(request)) {
      return online(await engine.options.fetch(request));
    }
    return firstAttempt(engine, request, partition, body, online);
  }
  if (name === 'close') return closeOutbox(engine);
  // The first call opens it (a new instance asks for `settled`: its first replay is this page load's).
  const outbox = await outboxOf(engine);
  const method = outbox[name as 'clear'] as (...given: unknown[]) => Promise<unknown>;
  return method.apply(outbox, args);
}

export type { Outbox };
