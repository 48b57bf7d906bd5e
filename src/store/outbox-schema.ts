// Version 6 of the database: the outbox's object store (decision 0024), a migration step of its
// own, apart from the steps of `records` and `meta`, so that either can change without the other.
import type { IDBPDatabase } from 'idb';

/** Any version of the database, as an upgrade sees it (./indexeddb-schema's `AnyVersionDB`). */
type AnyVersionDB = IDBPDatabase<unknown>;

/**
 * A write waiting in the outbox, one that failed for good, or the trace of one that was sent
 * (decision 0024).
 */
export interface OutboxRecord {
  /** Key, assigned by IndexedDB (autoIncrement): the order writes were queued in, across tabs. */
  seq?: number;
  /** The id the caller got (`X-Outbox-Id`) and `cache.outbox` takes. */
  id: string;
  /**
   * `sent`: a trace kept for a day after the origin took it (no header fields, no body), so that
   * `result(id)` in any tab or worker on the database says `sent` once the write is gone.
   */
  state: 'pending' | 'failed' | 'sent';
  /** When it was sent (`sent` traces only, epoch ms): a trace older than a day is removed. */
  sentAt?: number | undefined;
  method: string;
  url: string;
  /** Request header fields as sent, Idempotency-Key and Content-Type (multipart boundary) included. */
  headers: [string, string][];
  /** The body's bytes, exactly as the first attempt sent them, or null. */
  body: ArrayBuffer | null;
  credentials: RequestCredentials;
  /**
   * The request's own options a replay must keep (decision 0020: fetch's checks hold on every
   * path): a replay never follows a redirect the first attempt refused. Absent in writes queued
   * before they were kept: fetch's defaults.
   */
  redirect?: RequestRedirect | undefined;
  mode?: RequestMode | undefined;
  integrity?: string | undefined;
  referrerPolicy?: ReferrerPolicy | undefined;
  partition: string;
  idempotencyKey: string;
  /** When it was queued (epoch ms). */
  queuedAt: number;
  /** When its retries began: queuedAt, or the time `retry(id)` put it back. `maxAgeMs` counts from it. */
  since: number;
  attempts: number;
  /** Written before every attempt and cleared after it: true on load means an attempt was cut off. */
  inFlight: boolean;
  /** Retry-After: no attempt before this (epoch ms). */
  retryAt?: number | undefined;
  lastStatus?: number | undefined;
  lastError?: string | undefined;
  /** 409 or 412: the app must resolve it. */
  conflict?: boolean | undefined;
  /** Body length, counted against `outbox.maxBytes`. */
  bytes: number;
}

export const OUTBOX_STORE = 'outbox';

/**
 * Creates `outbox` unless the database has it: what the layout holds, not the version it claims,
 * decides (as for `records`). Keyed by an auto-incremented `seq`, so a cursor or `getAll` returns
 * writes in the order they were queued; `id` (unique) finds one, `partition` clears a user's.
 */
export function upgradeOutbox(db: AnyVersionDB): void {
  if (db.objectStoreNames.contains(OUTBOX_STORE)) return;
  const outbox = db.createObjectStore(OUTBOX_STORE, { keyPath: 'seq', autoIncrement: true });
  outbox.createIndex('id', 'id', { unique: true });
  outbox.createIndex('partition', 'partition');
}
