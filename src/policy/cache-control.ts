// Parsing Cache-Control directives and their delta-seconds arguments (RFC 9111 §5.2, §1.2.2).
import { isToken, splitList } from './headers';

/** Parsed directives: lower-cased names, the first occurrence of each, and which were repeated. */
export interface CacheControl extends Map<string, string | true> {
  /** Names that appeared more than once; the map keeps the first occurrence. */
  readonly duplicates: ReadonlySet<string>;
}

/**
 * Parses a (combined) Cache-Control value. Never throws: members that are not
 * `token [ "=" value ]` are skipped. An argument is kept as received, quotes included, so that
 * `deltaSeconds` can refuse a quoted number (http-caching.md; RFC 9111 §5.2 would accept both).
 * A directive without an argument maps to `true`.
 */
export function parseCacheControl(value: string | null): CacheControl {
  const directives = new Map<string, string | true>();
  const duplicates = new Set<string>();
  for (const member of splitList(value)) {
    const equals = member.indexOf('=');
    const name = (equals === -1 ? member : member.slice(0, equals)).trim().toLowerCase();
    if (!isToken(name)) continue;
    // RFC 9111 §4.2.1: with a repeated directive, use the first (or treat as stale: the caller's call).
    if (directives.has(name)) {
      duplicates.add(name);
      continue;
    }
    directives.set(name, equals === -1 ? true : member.slice(equals + 1).trim());
  }
  return Object.assign(directives, { duplicates });
}

/** RFC 9111 §1.2.2: the largest delta-seconds a cache needs to represent. */
export const maxDeltaSeconds = 2 ** 31;

/**
 * A delta-seconds argument (RFC 9111 §1.2.2): digits only, capped at 2^31. Anything else
 * (no argument, empty, negative, fractional, quoted, garbage) is invalid: undefined.
 */
export function deltaSeconds(value: string | true | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  // RFC 9111 §1.2.2: a value too large to represent is taken as 2^31.
  return Math.min(Number(value), maxDeltaSeconds);
}

/**
 * The delta-seconds of a directive that must appear at most once, in ms: undefined when absent,
 * null when present but unusable (invalid argument, or repeated: RFC 9111 §4.2.1 lets us treat
 * a repeated directive as stale, and we do, rather than guess which one the sender meant).
 */
export function directiveMs(directives: CacheControl, name: string): number | null | undefined {
  if (!directives.has(name)) return undefined;
  if (directives.duplicates.has(name)) return null;
  const seconds = deltaSeconds(directives.get(name));
  return seconds === undefined ? null : seconds * 1000;
}
