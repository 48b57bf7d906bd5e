// What one replay attempt leads to (decision 0024): a 2xx removes the write, invalidates as an
// online write would (RFC 9111 §4.4, RFC 9875) and fires `sent`; a final 4xx moves it to failed and fires
// `failed`; anything retryable waits for the next try, or fails once out of attempts or age.
import { attemptOutcome, isConflict, retriesExhausted, retryAfterAt } from '../../policy/outbox';
import { invalidateAfterWrite } from '../invalidation/after-write';
import { headerList, snapshotRequest } from '../network/snapshots';
import { replayRequest } from './captured-write';
import type { Outbox } from './outbox';
import type { OutboxRecord } from './outbox-store';

/** Resolves to true when the write is done with (sent or failed): the next of its queue may go. */
export async function settleAttempt(
  outbox: Outbox,
  record: OutboxRecord,
  attempt: { response: Response } | { error: unknown },
): Promise<boolean> {
  const now = outbox.engine.options.now();
  if ('error' in attempt) return retryOrFail(outbox, record, { lastError: String(attempt.error) });
  const { response } = attempt;
  const outcome = attemptOutcome(response.status);
  const sent = outcome === 'sent';
  // The body is read once here, so each listener and each result(id) caller can read its own
  // copy. Sent: gone from the queue; what stays for a day is a trace without its header fields and
  // body, so that result(id) says `sent` in any tab or worker (./outbox-store `expiredTraces`).
  // The body, the trace and the invalidation need nothing of each other: side by side (one after
  // another they were about 4 of a replay's 9 ms), all done before the `sent` event and before the
  // next write of the queue is marked in flight and sent.
  const tracing =
    sent &&
    outbox.store.update(record.id, (current) => ({
      ...current,
      state: 'sent',
      sentAt: now,
      inFlight: false,
      lastStatus: response.status,
      headers: [],
      body: null,
      bytes: 0,
    }));
  const [body] = await Promise.all([
    response.arrayBuffer().catch(() => new ArrayBuffer(0)),
    // Its failure is thrown below, once the other two are done too (nothing left running).
    tracing && tracing.catch(() => {}),
    sent && invalidateAfter(outbox, record, response),
  ]);
  await tracing;
  const copy = () => copyResponse(response, body);
  if (sent) {
    outbox.engine.events.emit('sent', {
      ...about(record),
      status: response.status,
      headers: response.headers,
      response: copy(),
    });
    outbox.resolve(record.id, { status: 'sent' }, copy);
    return true;
  }
  const lastStatus = response.status;
  if (outcome === 'rejected') {
    await fail(outbox, record, { lastStatus, conflict: isConflict(lastStatus) }, 'rejected', copy);
    return true;
  }
  const retryAt = retryAfterAt(response.headers.get('retry-after'), now);
  return retryOrFail(outbox, record, { lastStatus, retryAt }, copy);
}

async function retryOrFail(
  outbox: Outbox,
  record: OutboxRecord,
  change: Partial<OutboxRecord>,
  copy?: () => Response,
): Promise<boolean> {
  const exhausted = retriesExhausted(record, outbox.limits, outbox.engine.options.now());
  if (exhausted) {
    await fail(outbox, record, change, exhausted, copy);
    return true;
  }
  await outbox.store.update(record.id, (current) => ({
    ...current,
    ...change,
    lastError: change.lastError,
    inFlight: false,
  }));
  outbox.retryLater(record.attempts, change.retryAt);
  return false;
}

async function fail(
  outbox: Outbox,
  record: OutboxRecord,
  change: Partial<OutboxRecord>,
  reason: 'rejected' | 'attempts' | 'age',
  copy: (() => Response) | undefined,
): Promise<void> {
  const lastError =
    reason === 'rejected'
      ? undefined
      : `${reason}: ${change.lastError ?? `status ${change.lastStatus}`}`;
  await outbox.store.update(record.id, (current) => ({
    ...current,
    ...change,
    state: 'failed',
    inFlight: false,
    lastError,
  }));
  outbox.engine.events.emit('failed', {
    ...about(record),
    reason,
    conflict: change.conflict === true,
    status: change.lastStatus,
    response: copy?.(),
    error: lastError,
  });
  outbox.resolve(record.id, { status: 'failed', error: lastError }, copy);
}

/**
 * As after the same write made online: RFC 9111 §4.4 (the target URI, Location,
 * Content-Location) and RFC 9875 §3 (Cache-Group-Invalidation), marked for revalidation.
 */
async function invalidateAfter(outbox: Outbox, record: OutboxRecord, response: Response) {
  const snapshot = snapshotRequest(replayRequest(record), 'default');
  const head = { status: response.status, headers: headerList(response.headers) };
  await invalidateAfterWrite(outbox.engine, snapshot, head, record.partition);
}

function about(record: OutboxRecord) {
  const { id, method, url, partition, attempts } = record;
  return { id, method, url, partition, attempts };
}

/** A Response with `body` (read once) and the original's status and headers. */
function copyResponse(response: Response, body: ArrayBuffer): Response {
  const { status, statusText, headers } = response;
  // 204, 205 and 304 are null body statuses (Fetch): a Response of them cannot have one.
  const nullBody = status === 204 || status === 205 || status === 304;
  return new Response(nullBody ? null : body.slice(0), { status, statusText, headers });
}
