// The Range header field of a request (RFC 9110 §14.1.1, §14.2): what the cache classifies by.
// The rest of range handling (byte-ranges, partial-content) is loaded only for Range requests.

/** One `bytes` range-spec: `first-last`, `first-` (last undefined) or a suffix `-length`. */
export type RangeSpec =
  | { kind: 'from'; first: number; last: number | undefined }
  | { kind: 'suffix'; length: number };

// RFC 9110 §14.1.1: int-range = first-pos "-" [ last-pos ]; suffix-range = "-" suffix-length
// (a position of at most 15 digits is a safe integer).
const intRange = /^(\d{1,15})-(\d{1,15})?$/;
const suffixRange = /^-(\d{1,15})$/;

/**
 * The single range a `Range` field asks for (RFC 9110 §14.2), `'multiple'` for several, or null
 * for anything the cache does not answer itself: absent, a unit other than `bytes` (compared
 * case-insensitively, §14.1), or invalid (last-pos before first-pos, §14.1.1: ignored by servers).
 */
export function parseRange(value: string | null): RangeSpec | 'multiple' | null {
  if (value === null) return null;
  const equals = value.indexOf('=');
  if (equals === -1 || value.slice(0, equals).trim().toLowerCase() !== 'bytes') return null;
  // RFC 9110 §5.6.1: a list; empty members do not count.
  const specs = value
    .slice(equals + 1)
    .split(',')
    .map((spec) => spec.trim())
    .filter((spec) => spec !== '');
  if (specs.length === 0) return null;
  const parsed = specs.map(parseSpec);
  if (parsed.some((spec) => spec === null)) return null;
  return parsed.length > 1 ? 'multiple' : (parsed[0] as RangeSpec);
}

function parseSpec(text: string): RangeSpec | null {
  let m = intRange.exec(text);
  if (m) {
    const first = Number(m[1]);
    const last = m[2] === undefined ? undefined : Number(m[2]);
    // RFC 9110 §14.1.1: a last-pos below first-pos makes the range invalid.
    return last !== undefined && last < first ? null : { kind: 'from', first, last };
  }
  m = suffixRange.exec(text);
  return m ? { kind: 'suffix', length: Number(m[1]) } : null;
}
