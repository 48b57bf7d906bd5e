// Where queued writes are kept: the interface both keepers implement, and the memory one (Node
// without IndexedDB, a custom or memory store): same behaviour, NOT durable (lost with the process).
import type { OutboxRecord } from '../../store/outbox-schema';

export type { OutboxRecord };

export interface OutboxLimits {
  maxEntries: number;
  maxBytes: number;
}

export interface OutboxStore {
  /** True when what it keeps survives a reload (IndexedDB). */
  readonly durable: boolean;
  /** Adds a write at the end of the queue; rejects with OutboxFullError past the limits. */
  add(record: OutboxRecord, limits: OutboxLimits): Promise<void>;
  /** Every write, pending and failed, in the order they were queued. */
  all(): Promise<OutboxRecord[]>;
  /**
   * Reads one write and writes back what `change` makes of it, in one transaction (undefined from
   * `change`: leave it). Resolves to what was written, or undefined when the write is gone.
   */
  update(
    id: string,
    change: (record: OutboxRecord) => OutboxRecord | undefined,
  ): Promise<OutboxRecord | undefined>;
  /** Removes one write; resolves to whether it was there. */
  delete(id: string): Promise<boolean>;
  /**
   * Removes every write, or one partition's, and the traces of sent ones; resolves to how many
   * writes went (pending and failed).
   */
  clear(partition?: string): Promise<number>;
  close(): Promise<void>;
}

/** A write was not queued: the outbox is full. The call that made it rejects with this (a TypeError, as a fetch that failed). */
export class OutboxFullError extends TypeError {
  override name = 'OutboxFullError';
}

/** How long the trace of a sent write is kept (./settle `sentTrace`), for `result(id)`. */
const SENT_KEPT_MS = 24 * 3600 * 1000;

/** Traces of sent writes older than a day, as of `record` being queued: removed while adding it. */
export function expiredTraces(kept: OutboxRecord[], record: OutboxRecord): OutboxRecord[] {
  return kept.filter(
    ({ sentAt }) => sentAt !== undefined && sentAt < record.queuedAt - SENT_KEPT_MS,
  );
}

/**
 * Throws OutboxFullError when `record` does not fit beside `kept` (writes pending and failed; the
 * traces of sent ones count for nothing).
 */
export function checkRoom(kept: OutboxRecord[], record: OutboxRecord, limits: OutboxLimits): void {
  kept = kept.filter(({ state }) => state !== 'sent');
  const bytes = kept.reduce((sum, { bytes }) => sum + bytes, record.bytes);
  if (kept.length + 1 > limits.maxEntries || bytes > limits.maxBytes) {
    throw new OutboxFullError(
      `the outbox is full (${kept.length} writes, ${bytes - record.bytes} bytes; limits ${limits.maxEntries} writes, ${limits.maxBytes} bytes): ${record.method} ${record.url} was not queued`,
    );
  }
}

/** Records are copied in and out, as IndexedDB's structured clone does. */
const copy = (record: OutboxRecord): OutboxRecord => ({
  ...record,
  headers: record.headers.map(([name, value]) => [name, value]),
  body: record.body ? record.body.slice(0) : null,
});

/** The outbox in memory: for the life of the instance only (documented as not durable). */
export class MemoryOutboxStore implements OutboxStore {
  readonly durable = false;
  #records: OutboxRecord[] = [];
  #seq = 0;

  async add(record: OutboxRecord, limits: OutboxLimits): Promise<void> {
    checkRoom(this.#records, record, limits);
    const expired = expiredTraces(this.#records, record);
    this.#records = this.#records.filter((kept) => !expired.includes(kept));
    this.#seq += 1;
    this.#records.push({ ...copy(record), seq: this.#seq });
  }

  async all(): Promise<OutboxRecord[]> {
    return this.#records.map(copy);
  }

  async update(id: string, change: (record: OutboxRecord) => OutboxRecord | undefined) {
    const at = this.#records.findIndex((record) => record.id === id);
    if (at < 0) return undefined;
    const changed = change(copy(this.#records[at]!));
    if (changed) this.#records[at] = copy(changed);
    return copy(this.#records[at]!);
  }

  async delete(id: string): Promise<boolean> {
    const before = this.#records.length;
    this.#records = this.#records.filter((record) => record.id !== id);
    return this.#records.length < before;
  }

  async clear(partition?: string): Promise<number> {
    const gone = this.#records.filter(
      (record) => partition === undefined || record.partition === partition,
    );
    this.#records = this.#records.filter((record) => !gone.includes(record));
    return gone.filter(({ state }) => state !== 'sent').length;
  }

  async close(): Promise<void> {}
}
