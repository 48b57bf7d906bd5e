// Byte ranges (RFC 9110 §14): the bytes a range selects, Content-Range, and the parts of a
// representation a cache holds as partial content (RFC 9111 §3.3, §3.4).
import type { RangeSpec } from './range';

/** Inclusive byte positions. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * What a cache holds of a representation: its complete length when a 206 told it (RFC 9110
 * §14.4: `*` when unknown) and the byte ranges it has, sorted, disjoint and not adjacent. The
 * stored body is their bytes, one after the other.
 */
export interface PartialContent {
  completeLength: number | null;
  segments: ByteRange[];
}

/**
 * The bytes a range selects from a representation of `completeLength` bytes, or null when it is
 * unsatisfiable (RFC 9110 §14.1.2: a first-pos at or past the end, or a suffix of length 0).
 */
export function selectedRange(spec: RangeSpec, completeLength: number): ByteRange | null {
  if (spec.kind === 'suffix') {
    if (spec.length === 0 || completeLength === 0) return null;
    return { start: Math.max(0, completeLength - spec.length), end: completeLength - 1 };
  }
  if (spec.first >= completeLength) return null;
  // RFC 9110 §14.1.2: a last-pos past the end means the end.
  return { start: spec.first, end: Math.min(spec.last ?? completeLength - 1, completeLength - 1) };
}

/** RFC 9110 §14.4: the Content-Range of a 206 for these bytes (`*`: complete length unknown). */
export function contentRange(range: ByteRange, completeLength: number | null): string {
  return `bytes ${range.start}-${range.end}/${completeLength ?? '*'}`;
}

/** RFC 9110 §14.4, §15.5.17: the Content-Range of a 416. */
export function unsatisfiedRange(completeLength: number): string {
  return `bytes */${completeLength}`;
}

// Positions of at most 15 digits: safe integers.
const contentRangePattern = /^bytes (\d{1,15})-(\d{1,15})\/(?:(\d{1,15})|\*)$/i;

/** A 206's Content-Range (RFC 9110 §14.4), or null when it is not one valid byte range. */
export function parseContentRange(
  value: string | null,
): (ByteRange & { completeLength: number | null }) | null {
  const m = value === null ? null : contentRangePattern.exec(value.trim());
  if (!m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]);
  const completeLength = m[3] === undefined ? null : Number(m[3]);
  // RFC 9110 §14.4: invalid when last-pos < first-pos or, with a known length, not below it.
  if (end < start || (completeLength !== null && end >= completeLength)) return null;
  return { start, end, completeLength };
}

/**
 * The range a request asks for in terms of what is stored: resolved against the complete length
 * when it is known; without it only a `first-last` range can be placed (a suffix or an open end
 * needs the length). Null when it cannot be placed; `'unsatisfiable'` when the length proves it.
 */
export function requestedBytes(
  spec: RangeSpec,
  completeLength: number | null,
): ByteRange | 'unsatisfiable' | null {
  if (completeLength !== null) return selectedRange(spec, completeLength) ?? 'unsatisfiable';
  if (spec.kind === 'from' && spec.last !== undefined) return { start: spec.first, end: spec.last };
  return null;
}

/** Where `range` starts in the stored body, when one stored segment holds all of it; else null. */
export function storedOffset(partial: PartialContent, range: ByteRange): number | null {
  let offset = 0;
  for (const segment of partial.segments) {
    if (segment.start <= range.start && range.end <= segment.end) {
      return offset + (range.start - segment.start);
    }
    offset += segment.end - segment.start + 1;
  }
  return null;
}

/**
 * RFC 9111 §3.4: the segments after adding a new part: overlapping and adjacent ones merge. Each
 * result segment lists the stored segments and the new part it is made of, in order, so the front
 * can copy their bytes.
 */
export function combinedSegments(
  stored: readonly ByteRange[],
  added: ByteRange,
): { segment: ByteRange; parts: Array<{ from: 'stored' | 'added'; range: ByteRange }> }[] {
  const all = [
    ...stored.map((range) => ({ from: 'stored' as const, range })),
    { from: 'added' as const, range: added },
  ].sort((a, b) => a.range.start - b.range.start);
  const merged: ReturnType<typeof combinedSegments> = [];
  for (const part of all) {
    const last = merged[merged.length - 1];
    if (last && part.range.start <= last.segment.end + 1) {
      last.segment.end = Math.max(last.segment.end, part.range.end);
      last.parts.push(part);
    } else {
      merged.push({ segment: { ...part.range }, parts: [part] });
    }
  }
  return merged;
}

/** Whether stored partial content now holds the whole representation. */
export function isWhole(partial: PartialContent): boolean {
  const [only] = partial.segments;
  return (
    partial.completeLength !== null &&
    partial.segments.length === 1 &&
    only !== undefined &&
    only.start === 0 &&
    only.end === partial.completeLength - 1
  );
}
