// A page's first lookups, read from the database opened as the cached fetch was created
// (./open-early) before the store's chunk has loaded (issue 24, decision 0027): a reload's first
// data then waits neither for that chunk's round trip nor for its bytes. Reads only, in plain
// IndexedDB (no idb), of a database at this schema's version; anything else (no early open, a
// database to migrate, a connection closed meanwhile, a failed request) answers undefined, and
// the caller reads through the store, which handles and reports it.
import type { CacheEntry, EquivalentsQuery, LookupResult } from './cache-store';
import { type BodyRecord, chooseIn, primaryKeyRange, SCHEMA_VERSION } from './indexeddb-records';
import { lookupBatch } from './lookup-batch';
import { dropEarly, type EarlyDatabase, peekEarly } from './open-early';

export interface EarlyQuery {
  key: string;
  choose: (variants: CacheEntry[]) => CacheEntry | undefined;
  /** The No-Vary-Search candidates looked for, in the same read, when the key misses. */
  equivalents: EquivalentsQuery;
}

const NOTHING: LookupResult = { variants: [], chosen: undefined, body: undefined };

/**
 * How long a lookup waits for the early open. An open that never answers (Safari's first open can
 * hang: docs/pitfalls.md) is dropped then, and the lookups read through the store, whose own open
 * gives up after its `openTimeoutMs` and falls back to memory.
 */
export const EARLY_OPEN_WAIT_MS = 1_000;

/**
 * Lookups in database `name` issued together share one read transaction, as the store's do
 * (./lookup-batch). Each answers what its key holds, or undefined when it cannot answer here:
 * the read failed, or there are equivalent entries by No-Vary-Search (the store reads those).
 */
export function earlyReader(
  name: string,
): (query: EarlyQuery) => Promise<LookupResult | undefined> {
  const batch = lookupBatch<EarlyQuery, LookupResult | undefined>(async (take) => {
    const opening = peekEarly(name);
    const db = opening && (await withinWait(opening));
    if (db === 'absent') {
      // None yet: nothing stored (a first visit's lookups need no store to say so). Said once:
      // another tab may create and fill it meanwhile, and later lookups read through the store.
      dropEarly(name, opening!);
      return take().map(() => ({ value: NOTHING }));
    }
    if (db === 'late') dropEarly(name, opening!);
    // Not at this schema's version: a migration is due (the store's), or a later version wrote
    // it, whose layout this one cannot know.
    if (typeof db !== 'object' || db.version !== SCHEMA_VERSION) {
      return take().map(() => ({ value: undefined }));
    }
    const records = db.transaction('records', 'readonly').objectStore('records');
    return Promise.all(
      take().map(async (query) => {
        try {
          const held = await request<Array<CacheEntry | BodyRecord>>(
            records.getAll(primaryKeyRange(query.key)),
          );
          const found = chooseIn(held, query.choose);
          const { equivalents } = query;
          if (!equivalents.missed(found)) return { value: found };
          const candidates = await request<unknown[]>(
            records.index('searchBase').getAll([equivalents.searchBase, equivalents.partition]),
          );
          return { value: candidates.length === 0 ? found : undefined };
        } catch {
          return { value: undefined };
        }
      }),
    );
  });
  return (query) => batch.read(query).catch(() => undefined);
}

/** What `opening` found, or 'late' once it has taken EARLY_OPEN_WAIT_MS. */
function withinWait(opening: Promise<EarlyDatabase>): Promise<EarlyDatabase | 'late'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), EARLY_OPEN_WAIT_MS);
  });
  return Promise.race([opening, late]).finally(() => clearTimeout(timer));
}

/** `req`'s result, in a microtask of its success event (the transaction still active). */
function request<T>(req: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result as T);
    req.onerror = () => reject(req.error);
  });
}
