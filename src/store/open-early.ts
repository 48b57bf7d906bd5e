// The default database opened as soon as a cached fetch is created, before the store's chunk has
// loaded (issue 24, decision 0027): a page's first data then waits for the longer of the two, not
// for both in turn (Chromium, a reload: the chunk ~6 ms, then the open ~2-8 ms). Opened without
// a version, so it never upgrades: a database that does not exist yet is not created here (the
// upgrade is aborted) and the store's own open creates it; one at another version than the
// store's schema is closed and opened again by the store (./indexeddb-connection). In the entry,
// apart from the stores chunk, and without idb: the plain IndexedDB API.

import { claimFirstVisit } from './database-marker';

/** The default store's database (./indexeddb-store), here so that the entry need not load that. */
export const DEFAULT_DATABASE_NAME = 'cached-fetch';

/**
 * What an early open found: the database; 'absent' when there is none yet (nothing stored); or
 * undefined when it could not be opened.
 */
export type EarlyDatabase = IDBDatabase | 'absent' | undefined;

const early = new Map<string, Promise<EarlyDatabase>>();
/** The early opens of `early` that have answered. */
const answered = new WeakSet<Promise<EarlyDatabase>>();
/**
 * Per early open, whether it was made on this origin's first page load of the cache
 * (./database-marker), asked once the call that made the cache has returned (a microtask), and
 * only if the open has not answered. Read inside that call, the mark cost every Firefox reload's
 * first data about 1.1 ms (decision 0027, "Eighth pass": 40 reloads, 8.01 against 9.66 ms); a task
 * later instead, a first visit's request left 6-30 ms later (Chromium's timers during a load).
 */
const firstVisits = new WeakMap<Promise<EarlyDatabase>, Promise<boolean>>();

/** Starts opening `name` (once until taken); does nothing where IndexedDB is unavailable. */
export function openEarly(name: string): void {
  if (early.has(name)) return;
  let request: IDBOpenDBRequest;
  try {
    request = indexedDB.open(name);
  } catch {
    return; // No IndexedDB in this realm (Node, storage disabled): the store decides.
  }
  const opening = new Promise<EarlyDatabase>((resolve) => {
    let absent = false;
    // A new database: left for the store to create with its schema.
    request.onupgradeneeded = () => {
      absent = true;
      request.transaction?.abort();
    };
    request.onsuccess = () => {
      const db = request.result;
      // Not taken yet when another tab upgrades or deletes it: never the one blocking it, and,
      // closed, no longer one to hand over (its version still reads as it was). Once taken,
      // the store's connection has replaced this handler.
      db.onversionchange = () => {
        db.close();
        early.delete(name);
      };
      resolve(db);
    };
    request.onerror = (event) => {
      event.preventDefault();
      resolve(absent ? 'absent' : undefined);
    };
  });
  early.set(name, opening);
  void opening.then(() => answered.add(opening));
  firstVisits.set(
    opening,
    new Promise((resolve) =>
      queueMicrotask(() => resolve(!answered.has(opening) && claimFirstVisit(name))),
    ),
  );
}

/**
 * While the early open of `name` is under way: whether it was made on this origin's first page
 * load of the cache (nothing can be stored yet, and IndexedDB has not said so), known a microtask
 * after the open started. Undefined once it has answered, been taken or dropped, or was never made.
 */
export function firstVisitOpening(name: string): Promise<boolean> | undefined {
  const opening = early.get(name);
  return opening === undefined || answered.has(opening) ? undefined : firstVisits.get(opening);
}

/** Whether an early open of `name` was started, is not taken or dropped, and has not answered. */
export function earlyPending(name: string): boolean {
  const opening = early.get(name);
  return opening !== undefined && !answered.has(opening);
}

/** The early open of `name`, if one was started and not taken yet: the caller owns it. */
export function takeEarly(name: string): Promise<IDBDatabase | undefined> | undefined {
  const opening = early.get(name);
  early.delete(name);
  return opening?.then((db) => (db === 'absent' ? undefined : db));
}

/**
 * The early open of `name` for reads before the store has taken it (./indexeddb-early-read);
 * undefined once taken, dropped or never started. The connection stays the store's to take and
 * close: a read on one closed meanwhile fails, and its caller reads through the store instead.
 */
export function peekEarly(name: string): Promise<EarlyDatabase> | undefined {
  return early.get(name);
}

/**
 * Forgets `opening` (if it is still the early open of `name`): one that found no database, which
 * another tab may create meanwhile, or one that takes too long. The store then opens its own.
 */
export function dropEarly(name: string, opening: Promise<EarlyDatabase>): void {
  if (early.get(name) !== opening) return;
  early.delete(name);
  void opening.then((db) => typeof db === 'object' && db.close());
}
