// Reading the Cache-Status response header field (RFC 9211), a Structured Field List (RFC 8941),
// so that apps need no parser of their own to tell a hit from a stale stand-in.
import type { CacheStatusDetail } from './cache-status-detail';

/** One cache's member of a Cache-Status field (RFC 9211 §2), as `parseCacheStatus` returns it. */
export interface CacheStatus {
  /** The cache's name: `cached-fetch` for this library. */
  cache: string;
  /** §2.1: served from storage without contacting the origin. */
  hit: boolean;
  /** §2.2: why the request went to the origin (`uri-miss`, `stale`, `bypass`, ...). */
  fwd?: string;
  /** §2.3: the status the origin answered (304 for a revalidation). */
  fwdStatus?: number;
  /** §2.5: freshness left, in seconds (negative once stale). */
  ttl?: number;
  /** §2.6: the response is being stored. */
  stored: boolean;
  /** §2.7: the request joined another caller's identical request. */
  collapsed: boolean;
  /** §2.8: the cache key, when the cache gives it. */
  key?: string;
  /**
   * §2.9: what this cache writes (`stale-if-error`, `offline`, `timeout`, `offline-any`,
   * `stale-while-revalidate`, `heuristic`, ...), or another cache's own words. `isStandIn` tells
   * whether it is a stored response standing in for a failed origin.
   */
  detail?: CacheStatusDetail | (string & {});
}

import { splitList } from './headers';

type BareItem = string | number | boolean;

/**
 * Parses a Cache-Status header value and returns the member of the cache named `cacheName`
 * (the last one, RFC 9211 §2: the cache closest to the user comes last). Undefined when the
 * header is absent or has no well-formed member for that cache; malformed members of other caches
 * are skipped (see parseList).
 *
 * @example
 * const status = parseCacheStatus(res.headers.get('cache-status'));
 * if (status?.detail === 'stale-while-revalidate') showRefreshing();
 */
export function parseCacheStatus(
  header: string | null | undefined,
  cacheName = 'cached-fetch',
): CacheStatus | undefined {
  if (header === null || header === undefined) return undefined;
  // RFC 8941 §4.2 would fail the whole field on one malformed member; read member by member
  // instead. Caches on the way (RFC 9211 §2) add their own members, some not Structured Fields at
  // all (`MISS from proxy-1`); ours comes last and must still be read.
  const found = splitList(header)
    .map(parseMember)
    .filter((member) => member?.item === cacheName)
    .pop();
  if (!found) return undefined;
  const { params } = found;
  const status: CacheStatus = {
    cache: cacheName,
    hit: params.get('hit') === true,
    stored: params.get('stored') === true,
    collapsed: params.get('collapsed') === true,
  };
  const fwd = params.get('fwd');
  if (typeof fwd === 'string') status.fwd = fwd;
  const fwdStatus = params.get('fwd-status');
  if (typeof fwdStatus === 'number') status.fwdStatus = fwdStatus;
  const ttl = params.get('ttl');
  if (typeof ttl === 'number') status.ttl = ttl;
  const key = params.get('key');
  if (typeof key === 'string') status.key = key;
  const detail = params.get('detail');
  if (typeof detail === 'string') status.detail = detail;
  return status;
}

interface Member {
  item: BareItem;
  params: Map<string, BareItem>;
}

/**
 * One member of an RFC 8941 §4.2.1 List (an Item with Parameters; no Inner Lists), or undefined
 * when it is malformed.
 */
function parseMember(text: string): Member | undefined {
  let at = 0;
  const skipSpaces = () => {
    while (text[at] === ' ' || text[at] === '\t') at += 1;
  };
  const bareItem = (): BareItem | undefined => {
    const char = text[at];
    if (char === '"') return sfString();
    if (char === '?') {
      const value = text[at + 1];
      at += 2;
      return value === '1' ? true : value === '0' ? false : undefined;
    }
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return sfNumber();
    return sfToken();
  };
  // §4.2.5: a String; only \" and \\ are escapes.
  const sfString = (): string | undefined => {
    let value = '';
    for (at += 1; at < text.length; at += 1) {
      const char = text[at]!;
      if (char === '\\') {
        const next = text[at + 1];
        if (next !== '"' && next !== '\\') return undefined;
        value += next;
        at += 1;
      } else if (char === '"') {
        at += 1;
        return value;
      } else value += char;
    }
    return undefined;
  };
  // §4.2.4: an Integer or Decimal.
  const sfNumber = (): number | undefined => {
    const match = /^-?\d{1,15}(\.\d{1,3})?/.exec(text.slice(at));
    if (!match) return undefined;
    at += match[0].length;
    return Number(match[0]);
  };
  // §4.2.6: a Token.
  const sfToken = (): string | undefined => {
    const match = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*/.exec(text.slice(at));
    if (!match) return undefined;
    at += match[0].length;
    return match[0];
  };
  const item = bareItem();
  if (item === undefined) return undefined;
  const params = new Map<string, BareItem>();
  // §4.2.3.2: parameters, `;key` (true) or `;key=value`.
  while (text[at] === ';') {
    at += 1;
    skipSpaces();
    const match = /^[a-z*][a-z0-9_\-.*]*/.exec(text.slice(at));
    if (!match) return undefined;
    at += match[0].length;
    let value: BareItem | undefined = true;
    if (text[at] === '=') {
      at += 1;
      value = bareItem();
      if (value === undefined) return undefined;
    }
    params.set(match[0], value);
  }
  return at === text.length ? { item, params } : undefined;
}
