// The Cache-Status response header field (RFC 9211), serialised as a Structured Field (RFC 8941).
/** What the cache did for one response (RFC 9211 §2); an undefined parameter is left out. */
export interface CacheStatusParams {
  /** §2.1: served from storage without contacting the origin. */
  hit?: boolean | undefined;
  /** §2.2: why the request went to the origin. */
  fwd?:
    | 'uri-miss'
    | 'vary-miss'
    | 'miss'
    | 'stale'
    | 'partial'
    | 'request'
    | 'bypass'
    | 'method'
    | undefined;
  /** §2.3: the status the origin answered. */
  fwdStatus?: number | undefined;
  /** §2.5: freshness left, in seconds (negative once stale). */
  ttlSec?: number | undefined;
  /** §2.6: the response was stored. */
  stored?: boolean | undefined;
  /** §2.7: the request joined another caller's request. */
  collapsed?: boolean | undefined;
  /** §2.9: anything else, e.g. "stale-if-error", "offline". */
  detail?: string | undefined;
}

/**
 * One Cache-Status list member, e.g. `cached-fetch; hit; ttl=42` or
 * `cached-fetch; fwd=stale; fwd-status=304; ttl=60`. Parameters come in a fixed order; false,
 * undefined and non-finite values are left out.
 */
export function formatCacheStatus(params: CacheStatusParams): string {
  // RFC 9211 §2: the cache is identified by a String or a Token (ours is a token).
  const parts = ['cached-fetch'];
  if (params.hit) parts.push('hit');
  if (params.fwd !== undefined) parts.push(`fwd=${params.fwd}`);
  if (isSfInteger(params.fwdStatus)) parts.push(`fwd-status=${params.fwdStatus}`);
  if (params.stored) parts.push('stored');
  if (isSfInteger(params.ttlSec)) parts.push(`ttl=${params.ttlSec}`);
  if (params.collapsed) parts.push('collapsed');
  if (params.detail !== undefined) parts.push(`detail=${sfString(params.detail)}`);
  return parts.join('; ');
}

// RFC 8941 §3.3.1: an Integer has at most 15 digits.
function isSfInteger(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && Math.abs(value) <= 999_999_999_999_999;
}

/**
 * RFC 8941 §3.3.3: a String is printable ASCII in quotes, with `"` and `\` escaped. Anything
 * else cannot be written as one: it is percent-encoded instead (this header is diagnostic).
 */
function sfString(value: string): string {
  let text = '';
  for (const char of value) {
    if (char === '"' || char === '\\') text += `\\${char}`;
    else if (char >= ' ' && char <= '~') text += char;
    else text += percentEncoded(char);
  }
  return `"${text}"`;
}

// UTF-8 bytes as %XX; a lone surrogate becomes U+FFFD rather than throwing (as encodeURIComponent would).
function percentEncoded(char: string): string {
  let text = '';
  for (const byte of new TextEncoder().encode(char)) {
    text += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return text;
}
