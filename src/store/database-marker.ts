// Whether this origin has run the cache on its database before, known at once (issue 24, decision
// 0027, "Eighth pass"): on a first visit the first lookups otherwise wait for IndexedDB to say that
// nothing is stored, which is its slowest answer (Chromium, a new profile: the open takes about
// 35 ms before it reports that the database does not exist; localStorage answers in about 1 ms).
// A page whose origin had no mark sends its first requests while that open is still under way
// (../fetch/cacheable/admission.ts, sendAhead), and marks it at once.
//
// A mark present says "maybe stored": the lookup is waited for, as without the mark. A mark absent
// while the database holds entries happens where localStorage was cleared apart from IndexedDB (an
// app's localStorage.clear()), and once after upgrading from a version without the mark: the
// first requests of that page load reach the origin, and the mark is set again by it.

/** Spelled out, not `Storage`: the library also compiles where the WebWorker lib has no such type. */
type Marks = { getItem(key: string): string | null; setItem(key: string, value: string): void };

/**
 * True when this origin had no mark for database `name` and now has one: the first page load of
 * the cache here. False where there was a mark, or where none can be kept (workers have no
 * localStorage; Node 22+ has one of its own, a file; storage blocked or full): a page that could
 * not mark would send its requests ahead on every load.
 */
export function claimFirstVisit(name: string): boolean {
  try {
    if (!('document' in globalThis)) return false;
    // The getter itself throws where storage is blocked (SecurityError).
    const marks = (globalThis as { localStorage?: Marks }).localStorage;
    const mark = `cached-fetch:database:${name}`;
    if (!marks || marks.getItem(mark) !== null) return false;
    marks.setItem(mark, '1');
    return true;
  } catch {
    return false;
  }
}
