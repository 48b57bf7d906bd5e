// One instance's outbox: the keeper of its writes (IndexedDB, or memory), the replays (one at a
// time here, one at a time across tabs by ./replay-lock), the retry timer, and the callers
// awaiting a write's result, also when another tab or worker on the database ends the write (its
// outcome comes on the database's outbox channel). The replay itself is ./replay; what an attempt
// leads to, ./settle.
import { backoffMs } from '../../policy/outbox';
import type { Engine } from '../context/engine';
import { BackgroundWork } from '../coordination/background';
import { requestBackgroundSync } from './background-sync';
import { queueOf } from './captured-write';
import type { OutboxHandle, OutboxItem, OutboxResult } from './handle-types';
import { type OutboxLimitsInForce, outboxLimits } from './limits';
import type { OutboxRecord, OutboxStore } from './outbox-store';

export class Outbox implements OutboxHandle {
  readonly engine: Engine;
  readonly store: OutboxStore;
  readonly limits: OutboxLimitsInForce;
  /** The network beneath the instance: replays are not themselves watched as "the origin answered". */
  readonly network: typeof fetch;
  /** The Web Lock's scope: the database both tabs' outboxes are in. */
  readonly database: string;
  readonly lockState = { locksBroken: false };
  readonly work = new BackgroundWork();
  /** Queues (./captured-write queueOf) that had pending writes when last read, or were added since. */
  readonly #pendingQueues = new Set<string>();
  readonly #waiters = new Map<string, Array<(result: OutboxResult) => void>>();
  /**
   * Final outcomes, to and from the other tabs and workers on the same database (never with the
   * origin's response: each context reads only its own). Only for an outbox in IndexedDB, with
   * `crossTab` on. Its own channel: an earlier version reads any message it does not know on
   * 'cached-fetch' as a clear (../coordination/tab-sync).
   */
  readonly #channel: BroadcastChannel | undefined;
  /** Replays run one after another; a replay asked for while one waits to start joins it. */
  #chain: Promise<void> = Promise.resolve();
  #next: { origin: string | undefined; done: Promise<void> } | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #closed = false;
  /** Removes the `online` listener (./open). */
  stopListening = () => {};
  /** Runs one replay (./replay); set by the chunk's index so that this file does not import it. */
  replayPass: (outbox: Outbox, origin: string | undefined) => Promise<void> = async () => {};

  constructor(engine: Engine, store: OutboxStore, network: typeof fetch, database: string) {
    this.engine = engine;
    this.store = store;
    this.limits = outboxLimits(engine.options.outbox!);
    this.network = network;
    this.database = database;
    if (database === 'memory' || !engine.options.crossTab || typeof BroadcastChannel !== 'function')
      return;
    const channel = new BroadcastChannel(`cached-fetch:outbox:${database}`);
    channel.onmessage = ({ data }: MessageEvent<{ id: string; result: OutboxResult }>) =>
      this.#settle(data.id, data.result);
    // Node: an open channel must not keep the process alive.
    (channel as { unref?: () => void }).unref?.();
    this.#channel = channel;
  }

  /** Keeps `record` (rejecting when it cannot), then tells listeners. */
  async queue(record: OutboxRecord): Promise<void> {
    await this.store.add(record, this.limits);
    this.#pendingQueues.add(queueOf(record));
    // A Service Worker on the same database can replay it once online, with no page open.
    if (this.database !== 'memory') requestBackgroundSync();
    this.engine.events.emit('queued', {
      id: record.id,
      method: record.method,
      url: record.url,
      partition: record.partition,
    });
  }

  /** Whether earlier writes of the same queue wait: a new write then goes behind them. */
  hasPending(record: OutboxRecord): boolean {
    return this.#pendingQueues.has(queueOf(record));
  }

  /** Whether some pending write goes to `origin` (read from memory: no store read per response). */
  waitsFor(origin: string): boolean {
    for (const queue of this.#pendingQueues) if (JSON.parse(queue)[1] === origin) return true;
    return false;
  }

  /** Reads which queues have pending writes. */
  async refresh(): Promise<void> {
    const records = await this.store.all();
    this.#pendingQueues.clear();
    for (const record of records) {
      if (record.state === 'pending') this.#pendingQueues.add(queueOf(record));
    }
  }

  /**
   * Replays what is pending (to `origin` only, when given), after the replay under way. Rejects
   * when the store fails; the triggers report that, flush() passes it on.
   */
  replay(origin?: string): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const next = this.#next;
    if (next) {
      if (next.origin !== origin) next.origin = undefined;
      return next.done;
    }
    const entry: { origin: string | undefined; done: Promise<void> } = {
      origin,
      done: Promise.resolve(),
    };
    entry.done = this.#chain.then(async () => {
      this.#next = undefined;
      try {
        await this.replayPass(this, entry.origin);
      } finally {
        await this.refresh().catch(() => {});
      }
    });
    this.#next = entry;
    this.#chain = entry.done.catch(() => {});
    this.work.track(entry.done);
    this.engine.background.track(entry.done);
    return entry.done;
  }

  /** A replay no caller awaits: its failure is reported as an `error` event. */
  replaySoon(origin?: string): void {
    this.replay(origin).catch((error: unknown) =>
      this.engine.events.emit('error', { error, operation: 'outbox-replay' }),
    );
  }

  /**
   * Tries again after the backoff for `attempts` failed attempts (full jitter), and not before
   * `retryAt` (the origin's Retry-After). The earliest of the asked-for times wins.
   */
  retryLater(attempts: number, retryAt: number | undefined): void {
    const now = this.engine.options.now();
    const delay = Math.max(backoffMs(attempts, Math.random()), (retryAt ?? now) - now);
    this.scheduleIn(delay);
  }

  scheduleIn(delayMs: number): void {
    const at = Date.now() + delayMs;
    if (this.#closed || at >= this.#timerAt) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timerAt = Number.POSITIVE_INFINITY;
      this.replaySoon();
    }, delayMs);
    // Node: a retry waiting must not keep the process alive.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /**
   * `id` ended here: settles everyone awaiting it in this instance (with a copy of the origin's
   * response each, from `copy`: its body was read once), and tells the other tabs and workers on
   * the database, without the response.
   */
  resolve(id: string, result: OutboxResult, copy?: () => Response): void {
    this.#settle(id, result, copy);
    try {
      this.#channel?.postMessage({ id, result });
    } catch {
      // Closed: the other contexts read the outcome from the store when they ask for it.
    }
  }

  #settle(id: string, result: OutboxResult, copy?: () => Response): void {
    const waiters = this.#waiters.get(id);
    this.#waiters.delete(id);
    for (const waiter of waiters ?? []) waiter(copy ? { ...result, response: copy() } : result);
  }

  async result(id: string): Promise<OutboxResult> {
    // Awaited before the store is read: an outcome another tab announces during the read is heard.
    let heard = false;
    let waiter!: (result: OutboxResult) => void;
    const waiting = new Promise<OutboxResult>((resolve) => {
      waiter = (result) => {
        heard = true;
        resolve(result);
      };
    });
    this.#waiters.set(id, [...(this.#waiters.get(id) ?? []), waiter]);
    let record: OutboxRecord | undefined;
    try {
      record = (await this.store.all()).find((candidate) => candidate.id === id);
    } finally {
      if (record?.state !== 'pending') {
        const left = this.#waiters.get(id)?.filter((other) => other !== waiter);
        if (left?.length) this.#waiters.set(id, left);
        else this.#waiters.delete(id);
      }
    }
    if (heard || record?.state === 'pending') return waiting;
    if (!record) throw new TypeError(`expected id to be a write in the outbox, got "${id}"`);
    // Ended before (here or in another tab): the store says how; the response is not kept.
    return record.state === 'sent'
      ? { status: 'sent' }
      : { status: 'failed', error: record.lastError };
  }

  flush(): Promise<void> {
    return this.replay();
  }

  settled(): Promise<void> {
    return this.work.settled();
  }

  async list(): Promise<OutboxItem[]> {
    return (await this.store.all()).filter(inOutbox).map(describe);
  }

  async retry(id: string): Promise<void> {
    const now = this.engine.options.now();
    const record = await this.store.update(id, (failed) =>
      failed.state === 'failed'
        ? {
            ...failed,
            state: 'pending',
            attempts: 0,
            since: now,
            retryAt: undefined,
            conflict: undefined,
          }
        : undefined,
    );
    if (!record || record.state === 'sent') {
      throw new TypeError(`expected id to be a write in the outbox, got "${id}"`);
    }
    this.#pendingQueues.add(queueOf(record));
    await this.replay();
  }

  async discard(id: string): Promise<boolean> {
    // A sent write is not in the outbox any more: its trace stays for result(id).
    if ((await this.store.all()).some((kept) => kept.id === id && kept.state === 'sent')) {
      return false;
    }
    const removed = await this.store.delete(id);
    this.resolve(id, { status: 'discarded' });
    await this.refresh();
    return removed;
  }

  /** Drops every write, or one partition's (logout): resolves to how many went. */
  async clear(partition: string | undefined): Promise<number> {
    const removed = await this.store.clear(partition);
    const left = new Set((await this.store.all()).map((record) => record.id));
    for (const id of [...this.#waiters.keys()]) {
      if (!left.has(id)) this.resolve(id, { status: 'discarded' });
    }
    await this.refresh();
    return removed;
  }

  close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.stopListening();
    this.#channel?.close();
    return this.store.close();
  }
}

function inOutbox(record: OutboxRecord): record is OutboxRecord & { state: OutboxItem['state'] } {
  return record.state !== 'sent';
}

/** A write still in the outbox (not the trace of a sent one). */
function describe(record: OutboxRecord & { state: OutboxItem['state'] }): OutboxItem {
  const { id, state, method, url, partition, idempotencyKey, queuedAt, attempts, inFlight } =
    record;
  const { lastStatus, lastError, conflict, bytes } = record;
  return {
    id,
    state,
    method,
    url,
    partition,
    idempotencyKey,
    queuedAt,
    attempts,
    inFlight,
    lastStatus,
    lastError,
    conflict,
    bytes,
  };
}
