// The CacheStore contract on IndexedDB (via idb): metadata in `entries`, bodies in `bodies`.
import type { StoredResponse } from '../policy/snapshot';
import {
  optionalFunction,
  optionalNonEmptyString,
  optionalPositiveInteger,
} from '../validate-options';
import type {
  CacheEntry,
  CacheStore,
  LookupResult,
  NewCacheEntry,
  StoredBody,
  StoreLimits,
  StoreStats,
} from './cache-store';
import { measuredEntry } from './entry-size';
import { IndexedDBConnection } from './indexeddb-connection';
import { bytesOf, planEviction, withinLimits } from './indexeddb-eviction';
import { TOTALS_KEY } from './indexeddb-schema';
import {
  addToTotals,
  movedTotals,
  readTotals,
  recomputeTotals,
  validTotals,
  writeTotals,
} from './indexeddb-totals';
import { type CacheTransaction, inTransaction, requestsTogether } from './indexeddb-transaction';
import { byMostRecentUse } from './lru-order';
import type { StoreErrorHandler } from './store-errors';

/** Options of {@link IndexedDBStore}. */
export interface IndexedDBStoreOptions {
  /** Database name. Default `'cached-fetch'`. */
  name?: string | undefined;
  /** How long opening may take before calls reject (error name 'StoreOpenError'). Default 3000 ms. */
  openTimeoutMs?: number | undefined;
  /**
   * Told about trouble the store handles itself: a `blocked` upgrade (it keeps waiting), a lost
   * connection (it reopens once and retries). Failures it cannot handle reject the call instead.
   */
  onError?: StoreErrorHandler | undefined;
}

export const DEFAULT_DATABASE_NAME = 'cached-fetch';
export const DEFAULT_OPEN_TIMEOUT_MS = 3000;

/**
 * A {@link CacheStore} persisted in IndexedDB, so cached responses survive reloads.
 *
 * Two object stores, written together: `entries` (metadata, indexed by key, variant, last use and
 * partition) and `bodies` (one body per entry id: an `ArrayBuffer`, or a `Blob` from 32 KiB up
 * where Blobs survive cloning), plus running totals in `meta` that
 * every change to `entries` moves in its own transaction. A lookup reads only `entries`, a hit
 * reads one body, a 304 (`update`) writes only `entries` and the totals; `stats()` and a `prune()`
 * within the limits read only the totals. Every method runs in one transaction (prune: a read of
 * the totals, then one) that commits whole or not at all.
 *
 * The connection is opened on first use and cached. It closes itself when another tab upgrades or
 * deletes the database, reopens once when the browser dropped it, and gives up with an error
 * whose name is 'StoreOpenError' when opening fails or takes longer than `openTimeoutMs`. Older schema
 * versions are migrated forward on open, keeping their entries. The default store of a cached
 * fetch falls back to memory when IndexedDB cannot be opened.
 *
 * @throws TypeError at construction when an option is invalid.
 */
export class IndexedDBStore implements CacheStore {
  /** The database name this store opens. */
  readonly name: string;
  readonly #connection: IndexedDBConnection;

  constructor(options: IndexedDBStoreOptions = {}) {
    this.name = optionalNonEmptyString('name', options.name) ?? DEFAULT_DATABASE_NAME;
    const openTimeoutMs =
      optionalPositiveInteger('openTimeoutMs', options.openTimeoutMs) ?? DEFAULT_OPEN_TIMEOUT_MS;
    const onError = optionalFunction('onError', options.onError);
    this.#connection = new IndexedDBConnection({ name: this.name, openTimeoutMs, onError });
  }

  getVariants(key: string): Promise<CacheEntry[]> {
    return this.#connection.run('getVariants', (db) =>
      inTransaction(db, ['entries'], 'readonly', (tx) =>
        tx.objectStore('entries').index('key').getAll(key),
      ),
    );
  }

  lookup(
    key: string,
    choose: (variants: CacheEntry[]) => CacheEntry | undefined,
  ): Promise<LookupResult> {
    // One readonly transaction, and for a key with one variant one round trip: the first body
    // stored under `key` is asked for beside the variants, before `choose` has picked (bodies are
    // keyed [key, id]). Only when `choose` picks another variant is its body read after. A body
    // read in vain is a Blob handle or at most 32 KiB. `choose` is synchronous, so nothing but
    // IndexedDB is awaited inside the transaction.
    return this.#connection.run('lookup', (db) =>
      inTransaction(db, ['entries', 'bodies'], 'readonly', async (tx) => {
        const bodies = tx.objectStore('bodies');
        const [variants, first] = await requestsTogether([
          () => tx.objectStore('entries').index('key').getAll(key),
          () => bodies.get(IDBKeyRange.bound([key], [key, []])),
        ] as const);
        const chosen = choose(variants);
        if (!chosen) return { variants, chosen, body: undefined };
        const record = first?.id === chosen.id ? first : await bodies.get([chosen.key, chosen.id]);
        return { variants, chosen, body: record?.body };
      }),
    );
  }

  getBody(id: string): Promise<StoredBody | undefined> {
    return this.#connection.run('getBody', (db) =>
      inTransaction(db, ['bodies'], 'readonly', async (tx) => {
        const record = await tx.objectStore('bodies').index('id').get(id);
        return record?.body;
      }),
    );
  }

  async put(entry: NewCacheEntry, body: ArrayBuffer): Promise<string[]> {
    const asBlob = storesAsBlob(body);
    try {
      return await this.#put(entry, body, asBlob ? new Blob([body]) : body);
    } catch (error) {
      // WebKit without persistent storage (Safari's Private Browsing, WebKitGTK under automation)
      // clones Blobs but refuses to store them ("Error preparing Blob/File data to be stored"):
      // keep bodies as ArrayBuffers from then on, and write this one that way.
      // Only that refusal: a lost connection or a full quota is handled as for any other body.
      const name = (error as { name?: string }).name;
      if (!asBlob || (name !== 'UnknownError' && name !== 'DataCloneError')) throw error;
      blobsRefused = true;
      return this.#put(entry, body, body);
    }
  }

  #put(entry: NewCacheEntry, body: ArrayBuffer, storedBody: StoredBody): Promise<string[]> {
    const stored = measuredEntry(entry, body.byteLength);
    return this.#connection.run('put', (db) =>
      inTransaction(db, ['entries', 'bodies', 'meta'], 'readwrite', async (tx) => {
        const entries = tx.objectStore('entries');
        const bodies = tx.objectStore('bodies');
        // The variant we replace, and whatever already sits under our id, go in this same
        // transaction: a failed put keeps them, a committed one leaves no orphan body behind.
        const [sameVariant, sameId, bodyKeys] = await requestsTogether([
          () => entries.index('variant').getAll([stored.key, stored.secondaryKey]),
          () => entries.get(stored.id),
          // A body under our id that no entry leads to (under another key) goes too.
          () => bodies.index('id').getAllKeys(stored.id),
        ] as const);
        const replaced = new Map<string, CacheEntry>();
        for (const old of [...sameVariant, ...(sameId ? [sameId] : [])]) replaced.set(old.id, old);
        const writes: Promise<unknown>[] = [];
        try {
          for (const old of replaced.values()) writes.push(entries.delete(old.id));
          const bodyKeysGone = [...replaced.values()].map((old): [string, string] => [
            old.key,
            old.id,
          ]);
          for (const bodyKey of [...bodyKeysGone, ...bodyKeys]) writes.push(bodies.delete(bodyKey));
          // Either put may throw synchronously (DataCloneError): inTransaction then aborts,
          // which also undoes the writes above. One push per request, so none escapes `writes`.
          writes.push(entries.put(stored));
          writes.push(bodies.put({ key: stored.key, id: stored.id, body: storedBody }));
        } finally {
          // The abort fails the requests already issued: observe them so none rejects unhandled.
          for (const write of writes) write.catch(() => {});
        }
        await Promise.all(writes);
        const gone = [...replaced.values()];
        await addToTotals(tx, { entries: 1 - gone.length, bytes: stored.size - bytesOf(gone) });
        return [...replaced.keys()];
      }),
    );
  }

  /** Re-measures `size` (the new headers count against `maxBytes`) and moves the totals by the difference. */
  update(id: string, response: StoredResponse): Promise<boolean> {
    // Two round trips: the entry and the totals are read together, then written together (the
    // totals only when the size moved). The body is not touched.
    return this.#connection.run('update', (db) =>
      inTransaction(db, ['entries', 'meta'], 'readwrite', async (tx) => {
        const entries = tx.objectStore('entries');
        const [current, totals] = await requestsTogether([
          () => entries.get(id),
          () => tx.objectStore('meta').get(TOTALS_KEY),
        ] as const);
        if (!current) return false;
        const next = measuredEntry({ ...current, response }, current.bodySize);
        const bytes = next.size - bytesOf([current]);
        await requestsTogether([
          () => entries.put(next),
          () => (bytes === 0 ? Promise.resolve() : writeTotals(tx, movedTotals(totals, bytes))),
        ]);
        return true;
      }),
    );
  }

  async touch(uses: ReadonlyArray<{ id: string; lastUsed: number }>): Promise<void> {
    const latest = new Map<string, number>();
    for (const { id, lastUsed } of uses) latest.set(id, Math.max(lastUsed, latest.get(id) ?? 0));
    if (latest.size === 0) return;
    await this.#connection.run('touch', (db) =>
      inTransaction(db, ['entries'], 'readwrite', async (tx) => {
        const entries = tx.objectStore('entries');
        await Promise.all(
          [...latest].map(async ([id, lastUsed]) => {
            const entry = await entries.get(id);
            if (entry && lastUsed > entry.lastUsed) await entries.put({ ...entry, lastUsed });
          }),
        );
      }),
    );
  }

  delete(key: string): Promise<string[]> {
    return this.#connection.run('delete', (db) =>
      inTransaction(db, ['entries', 'bodies', 'meta'], 'readwrite', async (tx) => {
        const found = await tx.objectStore('entries').index('key').getAll(key);
        await removeAll(tx, found);
        return found.map((e) => e.id);
      }),
    );
  }

  clear(filter: { partition?: string } = {}): Promise<number> {
    const { partition } = filter;
    return this.#connection.run('clear', (db) =>
      inTransaction(db, ['entries', 'bodies', 'meta'], 'readwrite', async (tx) => {
        const entries = tx.objectStore('entries');
        if (partition === undefined) {
          const count = await entries.count();
          await requestsTogether([() => entries.clear(), () => tx.objectStore('bodies').clear()]);
          await writeTotals(tx, { entries: 0, bytes: 0 });
          return count;
        }
        const found = await entries.index('partition').getAll(partition);
        await removeAll(tx, found);
        return found.length;
      }),
    );
  }

  /**
   * Reads the totals first: within the limits, that one read of `meta` (in a readonly
   * transaction, so it holds up no reader of entries or bodies) is all it does. Otherwise it walks
   * the `lastUsed` index from the oldest entry and stops as soon as the rest fits (see
   * the eviction plan), so its cost grows with what it evicts, not with what is stored.
   */
  async prune(limits: StoreLimits): Promise<CacheEntry[]> {
    const fits = withinLimits(limits);
    const known = await this.#connection.run('prune', (db) =>
      inTransaction(db, ['meta'], 'readonly', (tx) => tx.objectStore('meta').get(TOTALS_KEY)),
    );
    if (validTotals(known) && fits(known)) return [];
    return this.#connection.run('prune', (db) =>
      inTransaction(db, ['entries', 'bodies', 'meta'], 'readwrite', async (tx) => {
        // Read again: another transaction may have changed them since the check above.
        let totals = await readTotals(tx);
        if (fits(totals)) return [];
        const lru = tx.objectStore('entries').index('lastUsed');
        let plan = await planEviction(lru, totals, limits);
        if (plan.ranOut) {
          // The totals counted entries that are not there: repair them (nothing is deleted yet)
          // and plan again on the truth, rather than evict what need not go.
          totals = await recomputeTotals(tx);
          if (fits(totals)) return [];
          plan = await planEviction(lru, totals, limits);
        }
        await requestsTogether(plan.removed.map((entry) => () => removeOne(tx, entry)));
        // Only limits no store can meet (below zero) still run out here: then nothing is left.
        await writeTotals(tx, plan.ranOut ? { entries: 0, bytes: 0 } : plan.left);
        return plan.removed;
      }),
    );
  }

  /** One read of the running totals; a missing or corrupt record is recomputed once. */
  async stats(): Promise<StoreStats> {
    const known = await this.#connection.run('stats', (db) =>
      inTransaction(db, ['meta'], 'readonly', (tx) => tx.objectStore('meta').get(TOTALS_KEY)),
    );
    if (validTotals(known)) return { entries: known.entries, bytes: known.bytes };
    return this.#connection.run('stats', (db) =>
      inTransaction(db, ['entries', 'meta'], 'readwrite', (tx) => readTotals(tx)),
    );
  }

  list(filter: { partition?: string } = {}): Promise<CacheEntry[]> {
    return this.#connection.run('list', (db) =>
      inTransaction(db, ['entries'], 'readonly', async (tx) => {
        const entries = tx.objectStore('entries');
        const found =
          filter.partition === undefined
            ? await entries.getAll()
            : await entries.index('partition').getAll(filter.partition);
        return found.sort(byMostRecentUse);
      }),
    );
  }

  /** Closes the connection; the next call reopens it. */
  close(): Promise<void> {
    return this.#connection.close();
  }
}

/**
 * From this size up, bodies are kept as Blobs where IndexedDB clones them faithfully: a Blob
 * reaches `new Response` without being copied into the page (bench: about half the time of an
 * ArrayBuffer at 100 KB and 1 MB), while below it an ArrayBuffer is faster (decision 0004).
 */
const BLOB_BODY_BYTES = 32 * 1024;

let blobsSurviveCloning: boolean | undefined;

/**
 * Whether a Blob comes back from a structured clone as the same bytes: true in browsers; false
 * where the clone is lossy (fake-indexeddb clones with Node's `structuredClone`, which turns a
 * happy-dom Blob into an empty object). Asked once.
 */
function blobsSurvive(): boolean {
  if (blobsSurviveCloning === undefined) {
    try {
      const copy: unknown = structuredClone(new Blob(['x']));
      blobsSurviveCloning = copy instanceof Blob && copy.size === 1;
    } catch {
      blobsSurviveCloning = false;
    }
  }
  return blobsSurviveCloning;
}

/** Set once IndexedDB refused a Blob body here (see `put`): ArrayBuffers from then on. */
let blobsRefused = false;

function storesAsBlob(body: ArrayBuffer): boolean {
  return body.byteLength >= BLOB_BODY_BYTES && !blobsRefused && blobsSurvive();
}

type WriteTransaction = CacheTransaction<['entries', 'bodies', 'meta'], 'readwrite'>;

/** Deletes one entry and its body, inside the caller's transaction. */
function removeOne(tx: WriteTransaction, { key, id }: CacheEntry): Promise<unknown> {
  return requestsTogether([
    () => tx.objectStore('entries').delete(id),
    () => tx.objectStore('bodies').delete([key, id]),
  ]);
}

/** Deletes entries with their bodies and takes them off the totals, inside the caller's transaction. */
async function removeAll(tx: WriteTransaction, found: CacheEntry[]): Promise<void> {
  await requestsTogether(found.map((entry) => () => removeOne(tx, entry)));
  await addToTotals(tx, { entries: -found.length, bytes: -bytesOf(found) });
}
