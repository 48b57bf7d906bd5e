// Whether this origin ever had the cache's database, known at once (issue 24, decision 0027,
// "Eighth pass"): on a first visit the first lookups otherwise wait for IndexedDB to say that
// nothing is stored, which is its slowest answer (Chromium, a new profile: the open takes about
// 35 ms before it reports that the database does not exist; localStorage answers in about 1 ms).
// A page whose origin never opened the database sends its first requests while that open is
// still under way (../fetch/cacheable/send-ahead).
//
// The mark only ever says "maybe": it is set whenever the database is found or created, and its
// absence is wrong only when localStorage was cleared apart from IndexedDB (an app's
// localStorage.clear()). Then the requests of the next page load sent before the open answers go
// to the origin too, and a stored response that may be reused still answers (that request is
// aborted); the open that finds the database marks it again.

/** Spelled out, not `Storage`: the library also compiles where the WebWorker lib has no such type. */
type Marks = { getItem(key: string): string | null; setItem(key: string, value: string): void };

/** Pages only: workers have no localStorage, and Node 22+ has one of its own (a file). */
function marks(): Marks | undefined {
  // The getter itself throws where storage is blocked (SecurityError).
  return 'document' in globalThis
    ? (globalThis as { localStorage?: Marks }).localStorage
    : undefined;
}

const markOf = (name: string) => `cached-fetch:database:${name}`;

/** Notes that database `name` exists in this origin's default storage. Never throws. */
export function markDatabase(name: string): void {
  try {
    const shared = marks();
    if (shared && shared.getItem(markOf(name)) === null) shared.setItem(markOf(name), '1');
  } catch {
    // Storage blocked or full: the next first lookups wait for the open, as without the mark.
  }
}

/**
 * True only where localStorage can say so and has no mark for `name`: this origin never had that
 * database (or cleared localStorage apart from it). False where it cannot tell.
 */
export function neverMarked(name: string): boolean {
  try {
    const shared = marks();
    return shared !== undefined && shared.getItem(markOf(name)) === null;
  } catch {
    return false;
  }
}
