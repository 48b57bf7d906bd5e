// Expectations: each step collects what did not behave as expected; any failure fails the demo.

/** Collects failed expectations, as sentences a reader can act on. */
export class Checks {
  readonly failures: string[] = [];
  readonly passed: string[] = [];

  /** Records `label` as passed when `ok`, else as a failure with what was seen. */
  that(ok: boolean, label: string, seen?: string): void {
    if (ok) this.passed.push(label);
    else this.failures.push(seen === undefined ? label : `${label}, but ${seen}`);
  }

  equal<T>(label: string, actual: T, expected: T): void {
    this.that(Object.is(actual, expected), `${label} is ${show(expected)}`, `got ${show(actual)}`);
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** RFC 9211 §2.8 allows a String or a Token (e.g. for `detail`): compare what they say. */
function bareItem(value: string): string {
  return /^"(?:[^"\\]|\\.)*"$/.test(value) ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

/** RFC 9211 §2: `cache-name; param; param=value`. The member's parameters, by name. */
export function parseCacheStatus(value: string): { cache: string; params: Map<string, string> } {
  const [cache = '', ...rest] = value.split(';').map((part) => part.trim());
  const params = new Map<string, string>();
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq === -1) params.set(part, '?1');
    else params.set(part.slice(0, eq), bareItem(part.slice(eq + 1)));
  }
  return { cache, params };
}

/** Whether two Cache-Status values say the same thing (same cache, same parameters, any order). */
export function sameCacheStatus(actual: string | null, expected: string): boolean {
  if (actual === null) return false;
  const a = parseCacheStatus(actual);
  const e = parseCacheStatus(expected);
  if (a.cache !== e.cache || a.params.size !== e.params.size) return false;
  for (const [name, value] of e.params) if (a.params.get(name) !== value) return false;
  return true;
}
