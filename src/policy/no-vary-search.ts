// No-Vary-Search (draft-ietf-httpbis-no-vary-search, as Chrome's HTTP cache implements it): which
// query parameters, and whether their order, a stored response does not vary on.
import { headerValue } from './headers';
import type { HeaderList } from './snapshot';
import { parseDictionary } from './structured-list';

/**
 * A URL search variance (draft §4): either `noVary` lists the parameters that do not matter (and
 * every other one does), or `noVary` is `'all'` and `vary` lists the only ones that do.
 */
export type SearchVariance =
  | { noVary: string[]; vary: 'all'; keyOrder: boolean }
  | { noVary: 'all'; vary: string[]; keyOrder: boolean };

/** The default URL search variance: every parameter and its order matter (draft §4). */
export const defaultSearchVariance: SearchVariance = { noVary: [], vary: 'all', keyOrder: true };

/**
 * Parses a `No-Vary-Search` field value (draft §5.1, "obtain a URL search variance"). A field that
 * is absent, is not a Structured Fields Dictionary, or breaks a rule below gives the default
 * variance: the header is ignored, as if absent. Keys other than key-order, params and except are
 * ignored (the draft reserves them for later documents). Never throws.
 */
export function parseNoVarySearch(value: string | null): SearchVariance {
  const dictionary = parseDictionary(value);
  if (dictionary === null) return defaultSearchVariance;
  const keyOrder = dictionary.get('key-order');
  const params = dictionary.get('params');
  const except = dictionary.get('except');
  // "key-order" must be a Boolean; key-order=?0 (or absent) keeps the order significant.
  if (keyOrder !== undefined && typeof keyOrder !== 'boolean') return defaultSearchVariance;
  const varyOnKeyOrder = keyOrder !== true;
  if (params === undefined || params === false) {
    // "except" is only valid beside params (true).
    if (except !== undefined) return defaultSearchVariance;
    return { noVary: [], vary: 'all', keyOrder: varyOnKeyOrder };
  }
  if (params === true) {
    if (except === undefined) return { noVary: 'all', vary: [], keyOrder: varyOnKeyOrder };
    const kept = stringKeys(except);
    return kept === null
      ? defaultSearchVariance
      : { noVary: 'all', vary: kept, keyOrder: varyOnKeyOrder };
  }
  const ignored = stringKeys(params);
  if (ignored === null || except !== undefined) return defaultSearchVariance;
  return { noVary: ignored, vary: 'all', keyOrder: varyOnKeyOrder };
}

/**
 * Whether `a` and `b` are equivalent modulo `variance` (draft §6): the same URL but for the query,
 * and queries that are equal once the parameters that do not matter are removed and, when the
 * order does not matter, once both are stably sorted by name. Queries are parsed with the
 * application/x-www-form-urlencoded rules (URLSearchParams). False when either is not a URL.
 */
export function equivalentModuloSearch(a: string, b: string, variance: SearchVariance): boolean {
  const urlA = parseUrl(a);
  const urlB = parseUrl(b);
  if (urlA === null || urlB === null) return false;
  if (withoutQuery(urlA) !== withoutQuery(urlB)) return false;
  // The default variance compares the queries as they are (an empty query is not an absent one).
  if (isDefault(variance)) return withoutFragment(urlA) === withoutFragment(urlB);
  const paramsA = kept(urlA, variance);
  const paramsB = kept(urlB, variance);
  if (paramsA.length !== paramsB.length) return false;
  return paramsA.every(([name, value], i) => name === paramsB[i]![0] && value === paramsB[i]![1]);
}

/** Whether `variance` lets some other query match (anything but the default). */
export function isDefault(variance: SearchVariance): boolean {
  return variance.keyOrder && variance.vary === 'all' && variance.noVary.length === 0;
}

// The draft §5.1 "parse a key": a String decoded as a form-urlencoded name ('+' is a space, %XX
// decoded as UTF-8), so it compares with the names URLSearchParams gives; an '&' is escaped first
// so it stays part of the name. Null when not an Inner List of Strings only.
function stringKeys(value: unknown): string[] | null {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return null;
  return value.map(
    (key: string) => new URLSearchParams(`k=${key.replaceAll('&', '%26')}`).get('k') ?? '',
  );
}

function kept(url: URL, variance: SearchVariance): [string, string][] {
  const pairs = [...url.searchParams].filter(([name]) =>
    variance.noVary === 'all' ? variance.vary.includes(name) : !variance.noVary.includes(name),
  );
  // Array.prototype.sort is stable (ES2019); by name only, in code units, as the draft says.
  if (!variance.keyOrder) pairs.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return pairs;
}

function withoutFragment(url: URL): string {
  return url.href.split('#')[0]!;
}

function withoutQuery(url: URL): string {
  return `${url.protocol}//${url.username}:${url.password}@${url.host}${url.pathname}`;
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether a response stored for `storedUrl`, with these header fields, may answer a request for
 * `url` by its `No-Vary-Search` (draft §6): a field that gives anything but the default variance
 * (an unparsable one gives the default: ignored), and the two URLs equivalent modulo it.
 */
export function answersBySearch(storedUrl: string, headers: HeaderList, url: string): boolean {
  const variance = parseNoVarySearch(headerValue(headers, 'no-vary-search'));
  return !isDefault(variance) && equivalentModuloSearch(storedUrl, url, variance);
}
