import { describe, expect, it } from 'vitest';
import { parseEntityTag, strongMatch, weakMatch } from '../../src/policy/validators';

describe('RFC 9110 §8.8.3 ETag', () => {
  it.each([
    ['"xyzzy"', { weak: false, opaque: '"xyzzy"' }],
    ['W/"xyzzy"', { weak: true, opaque: '"xyzzy"' }],
    ['""', { weak: false, opaque: '""' }],
    [' "a" ', { weak: false, opaque: '"a"' }],
    // Lenient: some servers send an unquoted tag; it compares as written.
    ['unquoted', { weak: false, opaque: 'unquoted' }],
  ])('parses %s', (value, expected) => {
    expect(parseEntityTag(value)).toEqual(expected);
  });

  it.each([null, '', 'W/', '"a", "b"', '"a', 'a b', '"a"b"', 'w/"a" x'])('rejects %j', (value) => {
    expect(parseEntityTag(value)).toBeNull();
  });
});

describe('RFC 9110 §8.8.3.2 Comparison', () => {
  // The table of RFC 9110 §8.8.3.2.
  it.each([
    ['W/"1"', 'W/"1"', false, true],
    ['W/"1"', 'W/"2"', false, false],
    ['W/"1"', '"1"', false, true],
    ['"1"', '"1"', true, true],
  ])('%s vs %s: strong %s, weak %s', (a, b, strong, weak) => {
    expect(strongMatch(parseEntityTag(a), parseEntityTag(b))).toBe(strong);
    expect(weakMatch(parseEntityTag(a), parseEntityTag(b))).toBe(weak);
  });

  it('nothing matches a missing tag', () => {
    expect(strongMatch(null, parseEntityTag('"1"'))).toBe(false);
    expect(weakMatch(parseEntityTag('"1"'), null)).toBe(false);
  });
});
