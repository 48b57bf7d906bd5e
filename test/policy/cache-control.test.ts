import { describe, expect, it } from 'vitest';
import { deltaSeconds, directiveMs, parseCacheControl } from '../../src/policy/cache-control';

describe('RFC 9111 §5.2 Cache-Control', () => {
  it('lower-cases names, maps a bare directive to true, keeps arguments as received', () => {
    const directives = parseCacheControl('Max-Age=60, PUBLIC, private="Set-Cookie, X", no-cache=x');
    expect([...directives]).toEqual([
      ['max-age', '60'],
      ['public', true],
      ['private', '"Set-Cookie, X"'],
      ['no-cache', 'x'],
    ]);
    expect(directives.duplicates.size).toBe(0);
  });

  it('null (no Cache-Control) parses to no directives', () => {
    const directives = parseCacheControl(null);
    expect(directives.size).toBe(0);
    expect(directives.duplicates.size).toBe(0);
  });

  it('RFC 9111 §4.2.1 duplicate directives: the first wins and the name is marked', () => {
    const directives = parseCacheControl('max-age=60, public, max-age=3600, MAX-AGE=1');
    expect(directives.get('max-age')).toBe('60');
    expect([...directives.duplicates]).toEqual(['max-age']);
  });

  it.each([
    ['empty members', ' , ,max-age=5,,', [['max-age', '5']]],
    ['whitespace around "="', 'max-age = 5', [['max-age', '5']]],
    ['an empty argument', 'max-age=', [['max-age', '']]],
    ['a member with no name', '=5, public', [['public', true]]],
    ['a quoted member', '"max-age=5", public', [['public', true]]],
    ['a name with a space', 'max age=5, public', [['public', true]]],
    ['an unterminated quote', 'private="a, max-age=5', [['private', '"a, max-age=5']]],
    ['control characters', '\u0000\u0001, public', [['public', true]]],
  ])('garbage never throws: %s', (_what, value, expected) => {
    expect([...parseCacheControl(value)]).toEqual(expected);
  });
});

describe('RFC 9111 §1.2.2 Delta Seconds', () => {
  it.each([
    ['zero', '0', 0],
    ['digits', '60', 60],
    ['leading zeros', '007', 7],
    ['2^31 - 1', '2147483647', 2147483647],
    ['2^31', '2147483648', 2 ** 31],
    ['larger than 2^31 is taken as 2^31', '99999999999', 2 ** 31],
    ['400 digits is taken as 2^31', '9'.repeat(400), 2 ** 31],
  ])('%s: %s is %d', (_what, value, expected) => {
    expect(deltaSeconds(value)).toBe(expected);
  });

  it.each([
    ['negative', '-1'],
    ['fractional', '1.5'],
    ['quoted (http-caching.md: invalid)', '"60"'],
    ['empty', ''],
    ['signed', '+60'],
    ['with a unit', '60s'],
    ['with inner space', '6 0'],
    ['exponent', '1e3'],
    ['hex', '0x10'],
  ])('%s is invalid', (_what, value) => {
    expect(deltaSeconds(value)).toBeUndefined();
  });

  it('a directive without an argument, or an absent one, has no delta-seconds', () => {
    expect(deltaSeconds(true)).toBeUndefined();
    expect(deltaSeconds(undefined)).toBeUndefined();
  });

  it.each([
    ['absent', 'public', undefined],
    ['valid, in ms', 'max-age=60', 60_000],
    ['invalid (quoted)', 'max-age="60"', null],
    ['invalid (no argument)', 'max-age', null],
    [
      'repeated, even with equal values (RFC 9111 §4.2.1: treat as stale)',
      'max-age=60, max-age=60',
      null,
    ],
  ])('directiveMs: %s', (_what, value, expected) => {
    expect(directiveMs(parseCacheControl(value), 'max-age')).toBe(expected);
  });
});
