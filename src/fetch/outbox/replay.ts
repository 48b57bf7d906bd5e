// One replay: every queue (a partition's writes to one origin) in the order its writes were
// queued, each write marked in flight in the store before it goes out, a queue stopping at the
// first write that must wait (its backoff, its Retry-After, another user signed in).

import { queueOf, replayRequest } from './captured-write';
import type { Outbox } from './outbox';
import type { OutboxRecord } from './outbox-store';
import { withReplayLock } from './replay-lock';
import { settleAttempt } from './settle';

/** Replays every queue (to `origin` only, when given), holding the outbox lock of the database. */
export function replayPass(outbox: Outbox, origin: string | undefined): Promise<void> {
  return withReplayLock(outbox.database, outbox.lockState, async () => {
    // Read inside the lock: what another tab's replay sent is gone, what it failed is failed.
    const queues = new Map<string, OutboxRecord[]>();
    for (const record of await outbox.store.all()) {
      if (record.state !== 'pending') continue;
      if (origin !== undefined && new URL(record.url).origin !== origin) continue;
      const queue = queueOf(record);
      queues.set(queue, [...(queues.get(queue) ?? []), record]);
    }
    for (const records of queues.values()) await replayQueue(outbox, records);
  });
}

/** Sends one queue's writes in order; stops at the first that must wait. */
async function replayQueue(outbox: Outbox, records: OutboxRecord[]): Promise<void> {
  const { options } = outbox.engine;
  for (const record of records) {
    const request = replayRequest(record);
    // Never across users: the partition, evaluated now, must be the one the write was queued in
    // (another user signed in: the write waits, and goes when its user is back or is cleared).
    if (partitionNow(options.partitionOf, request) !== record.partition) return;
    const now = options.now();
    if (record.retryAt !== undefined && record.retryAt > now) {
      outbox.scheduleIn(record.retryAt - now);
      return;
    }
    // Durably in flight before it goes: a page closed mid-send leaves a trace, and the next
    // replay sends it again with the same Idempotency-Key for the origin to recognise.
    const marked = await outbox.store.update(record.id, (current) =>
      current.state === 'pending'
        ? { ...current, attempts: current.attempts + 1, inFlight: true }
        : undefined,
    );
    if (!marked?.inFlight || marked.state !== 'pending') continue; // discarded or cleared meanwhile
    let attempt: { response: Response } | { error: unknown };
    try {
      attempt = { response: await send(outbox.network, request, options.networkTimeout) };
    } catch (error) {
      attempt = { error };
    }
    if (!(await settleAttempt(outbox, marked, attempt))) return;
  }
}

/**
 * Sends a replay; with `networkTimeout`, one whose response head is that late is aborted (and
 * retried later, with its key): a hanging origin must not hold its queue for ever.
 */
async function send(network: typeof fetch, request: Request, timeout: number | undefined) {
  if (timeout === undefined) return network(request);
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`no response head within ${timeout} ms`)),
    timeout,
  );
  try {
    return await network(new Request(request, { signal: controller.signal }));
  } finally {
    clearTimeout(timer);
  }
}

/** A partition function that throws names no partition: the write waits. */
function partitionNow(partitionOf: (request: Request) => string, request: Request) {
  try {
    return partitionOf(request);
  } catch {
    return undefined;
  }
}
