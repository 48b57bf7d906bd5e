import { describe, expect, it } from 'vitest';
import {
  combinedSegments,
  contentRange,
  isWhole,
  parseContentRange,
  requestedBytes,
  selectedRange,
  storedOffset,
} from '../../src/policy/byte-ranges';
import { parseRange } from '../../src/policy/range';

describe('RFC 9110 §14.1.1 Range: one byte range, or something the cache forwards', () => {
  it.each([
    ['bytes=0-499', { kind: 'from', first: 0, last: 499 }],
    ['bytes=500-', { kind: 'from', first: 500, last: undefined }],
    ['bytes=-500', { kind: 'suffix', length: 500 }],
    ['Bytes = 1-2', { kind: 'from', first: 1, last: 2 }],
    ['bytes=1-2,', { kind: 'from', first: 1, last: 2 }],
    // Several ranges are forwarded as they are, as an invalid field is.
    ['bytes=0-0, 5-9', null],
    [' bytes = , 0-1 ,, ', { kind: 'from', first: 0, last: 1 }],
    ['bytes=0-1, a', null],
    ['bytes=0-1 2', null],
    ['items=0-1', null],
    ['bytes=5-1', null],
    ['bytes=-', null],
    ['bytes=a-b', null],
    ['bytes=', null],
    ['0-1', null],
  ] as const)('%j', (value, expected) => {
    expect(parseRange(value)).toEqual(expected);
  });
});

describe('RFC 9110 §14.1.2 the bytes a range selects', () => {
  it.each([
    ['first-last', { kind: 'from', first: 2, last: 5 }, { start: 2, end: 5 }],
    ['last past the end', { kind: 'from', first: 8, last: 99 }, { start: 8, end: 9 }],
    ['open end', { kind: 'from', first: 3, last: undefined }, { start: 3, end: 9 }],
    ['suffix', { kind: 'suffix', length: 3 }, { start: 7, end: 9 }],
    ['suffix longer than the body', { kind: 'suffix', length: 99 }, { start: 0, end: 9 }],
    ['first at the end: unsatisfiable', { kind: 'from', first: 10, last: undefined }, null],
    ['suffix 0: unsatisfiable', { kind: 'suffix', length: 0 }, null],
  ] as const)('%s', (_what, spec, expected) => {
    expect(selectedRange(spec, 10)).toEqual(expected);
  });

  it('without a known length only first-last can be placed', () => {
    expect(requestedBytes({ kind: 'from', first: 1, last: 2 }, null)).toEqual({ start: 1, end: 2 });
    expect(requestedBytes({ kind: 'from', first: 1, last: undefined }, null)).toBeNull();
    expect(requestedBytes({ kind: 'suffix', length: 1 }, null)).toBeNull();
    expect(requestedBytes({ kind: 'from', first: 10, last: 12 }, 10)).toBe('unsatisfiable');
  });
});

describe('RFC 9110 §14.4 Content-Range', () => {
  it.each([
    ['bytes 0-9/10', { start: 0, end: 9, completeLength: 10 }],
    ['bytes 5-6/*', { start: 5, end: 6, completeLength: null }],
    ['BYTES 1-1/2', { start: 1, end: 1, completeLength: 2 }],
    ['bytes 5-4/10', null],
    ['bytes 0-10/10', null],
    ['bytes */10', null],
    ['bytes 0-1', null],
  ])('%j', (value, expected) => {
    expect(parseContentRange(value)).toEqual(expected);
  });

  it('is written with the complete length, or * when unknown', () => {
    expect(contentRange({ start: 1, end: 2 }, 10)).toBe('bytes 1-2/10');
    expect(contentRange({ start: 1, end: 2 }, null)).toBe('bytes 1-2/*');
  });
});

describe('RFC 9111 §3.4 combining stored parts', () => {
  const segments = (added: { start: number; end: number }, stored = [{ start: 0, end: 9 }]) =>
    combinedSegments(stored, added).map(({ segment }) => segment);

  it.each([
    ['adjacent parts merge', { start: 10, end: 19 }, [{ start: 0, end: 19 }]],
    ['overlapping parts merge', { start: 5, end: 14 }, [{ start: 0, end: 14 }]],
    ['a part inside changes nothing', { start: 2, end: 3 }, [{ start: 0, end: 9 }]],
    [
      'a gap keeps two',
      { start: 20, end: 29 },
      [
        { start: 0, end: 9 },
        { start: 20, end: 29 },
      ],
    ],
  ])('%s', (_what, added, expected) => {
    expect(segments(added)).toEqual(expected);
  });

  it('a part bridging two stored parts joins them', () => {
    const stored = [
      { start: 0, end: 9 },
      { start: 20, end: 29 },
    ];
    expect(segments({ start: 8, end: 21 }, stored)).toEqual([{ start: 0, end: 29 }]);
  });

  it('finds where a range starts in the stored bytes, only inside one part', () => {
    const parts = {
      completeLength: 40,
      segments: [
        { start: 0, end: 9 },
        { start: 20, end: 29 },
      ],
    };
    expect(storedOffset(parts, { start: 22, end: 25 })).toBe(12);
    expect(storedOffset(parts, { start: 8, end: 21 })).toBeNull();
    expect(isWhole(parts)).toBe(false);
    expect(isWhole({ completeLength: 30, segments: [{ start: 0, end: 29 }] })).toBe(true);
    expect(isWhole({ completeLength: null, segments: [{ start: 0, end: 29 }] })).toBe(false);
  });
});
