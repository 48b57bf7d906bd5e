// The Range header field of a request (RFC 9110 §14.1.1, §14.2): what the cache classifies by.
// The rest of range handling (byte-ranges, partial-content) is loaded only for Range requests.

/** One `bytes` range-spec: `first-last`, `first-` (last undefined) or a suffix `-length`. */
export type RangeSpec =
  | { kind: 'from'; first: number; last: number | undefined }
  | { kind: 'suffix'; length: number };

// RFC 9110 §14.1.1, §14.2: `bytes` (compared case-insensitively, §14.1), then a list (§5.6.1:
// empty members do not count) of exactly one range-spec: int-range = first-pos "-" [ last-pos ],
// or suffix-range = "-" suffix-length (a position of at most 15 digits is a safe integer). One
// expression, not a parser: it is in every page's first bytes (decision 0008), and several
// ranges are forwarded as an invalid field is, so nothing needs to tell them apart.
const singleRange = /^\s*bytes\s*=[\s,]*(?:(\d{1,15})-(\d{1,15})?|-(\d{1,15}))[\s,]*$/i;

/**
 * The single range a `Range` field asks for (RFC 9110 §14.2), or null for anything the cache
 * does not answer itself: absent, several ranges, a unit other than `bytes`, or invalid (last-pos
 * before first-pos, §14.1.1: ignored by servers).
 */
export function parseRange(value: string | null): RangeSpec | null {
  const m = value === null ? null : singleRange.exec(value);
  if (!m) return null;
  if (m[3] !== undefined) return { kind: 'suffix', length: Number(m[3]) };
  const first = Number(m[1]);
  const last = m[2] === undefined ? undefined : Number(m[2]);
  // RFC 9110 §14.1.1: a last-pos below first-pos makes the range invalid.
  return last !== undefined && last < first ? null : { kind: 'from', first, last };
}
