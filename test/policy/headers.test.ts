import { describe, expect, it } from 'vitest';
import {
  firstHeaderValue,
  headerLines,
  headerValue,
  isToken,
  parseHttpDate,
  splitList,
} from '../../src/policy/headers';
import type { HeaderList } from '../../src/policy/snapshot';

const sunday = Date.UTC(1994, 10, 6, 8, 49, 37);

describe('RFC 9110 §5.3 Field Order: several lines of a field combine with ", "', () => {
  const headers: HeaderList = [
    ['cache-control', 'max-age=60'],
    ['vary', 'accept'],
    ['cache-control', 'public'],
  ];

  it('headerValue joins every line of the field in order', () => {
    expect(headerValue(headers, 'cache-control')).toBe('max-age=60, public');
  });

  it('headerValue is null for an absent field, "" for an empty one', () => {
    expect(headerValue(headers, 'etag')).toBeNull();
    expect(headerValue([['etag', '']], 'etag')).toBe('');
  });

  it('field names compare case-insensitively (RFC 9110 §5.1)', () => {
    expect(headerValue(headers, 'Cache-Control')).toBe('max-age=60, public');
    expect(headerValue([['Vary', 'x']], 'vary')).toBe('x');
  });

  it('firstHeaderValue is the first line only', () => {
    expect(firstHeaderValue(headers, 'cache-control')).toBe('max-age=60');
    expect(firstHeaderValue(headers, 'age')).toBeNull();
  });

  it('headerLines keeps each line apart', () => {
    expect(headerLines(headers, 'cache-control')).toEqual(['max-age=60', 'public']);
    expect(headerLines(headers, 'age')).toEqual([]);
  });
});

describe('RFC 9110 §5.6.1 Lists', () => {
  it.each([
    [null, []],
    ['', []],
    ['a', ['a']],
    [' a ,b,  c ', ['a', 'b', 'c']],
    ['a,,  , b', ['a', 'b']],
    ['private="a, b", max-age=1', ['private="a, b"', 'max-age=1']],
    ['x="a\\", b", y', ['x="a\\", b"', 'y']],
    ['x="unterminated, y', ['x="unterminated, y']],
  ] as const)('splitList(%j) is %j', (value, members) => {
    expect(splitList(value)).toEqual(members);
  });
});

describe('RFC 9110 §5.6.2 Tokens', () => {
  it.each([
    ['max-age', true],
    ["!#$%&'*+-.^_`|~09azAZ", true],
    ['', false],
    ['a b', false],
    ['"a"', false],
    ['a=b', false],
    ['a,b', false],
  ])('isToken(%j) is %s', (value, expected) => {
    expect(isToken(value)).toBe(expected);
  });
});

describe('RFC 9110 §5.6.7 Date/Time Formats', () => {
  it.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT'],
    ['obsolete RFC 850', 'Sunday, 06-Nov-94 08:49:37 GMT'],
    ['obsolete asctime, space-padded day', 'Sun Nov  6 08:49:37 1994'],
    ['obsolete asctime, two-digit day', 'Sun Nov 06 08:49:37 1994'],
    ['surrounding whitespace', '  Sun, 06 Nov 1994 08:49:37 GMT\t'],
  ])('accepts %s', (_format, value) => {
    expect(parseHttpDate(value)).toBe(sunday);
  });

  it.each([
    ['null', null],
    ['empty', ''],
    ['"0" (a common invalid Expires)', '0'],
    ['"-1"', '-1'],
    ['a bare year', '1994'],
    ['ISO 8601', '1994-11-06T08:49:37Z'],
    ['what Date.parse also takes', 'Nov 6 1994'],
    ['a zone other than GMT', 'Sun, 06 Nov 1994 08:49:37 UTC'],
    ['a numeric offset', 'Sun, 06 Nov 1994 08:49:37 +0000'],
    ['a lower-case name that is no name', 'sun, 06 nox 1994 08:49:37 gmt'],
    ['a lower-case day that does not exist', 'wed, 30 feb 1994 08:49:37 gmt'],
    ['a lower-case zone other than GMT', 'sun, 06 nov 1994 08:49:37 utc'],
    ['a one-digit day in IMF-fixdate', 'Sun, 6 Nov 1994 08:49:37 GMT'],
    ['a two-digit year in IMF-fixdate', 'Sun, 06 Nov 94 08:49:37 GMT'],
    ['a short day-name in RFC 850', 'Sun, 06-Nov-94 08:49:37 GMT'],
    ['a day that does not exist', 'Wed, 30 Feb 1994 08:49:37 GMT'],
    ['day 00', 'Sun, 00 Nov 1994 08:49:37 GMT'],
    ['hour 24', 'Sun, 06 Nov 1994 24:00:00 GMT'],
    ['minute 60', 'Sun, 06 Nov 1994 08:60:00 GMT'],
    ['second 61', 'Sun, 06 Nov 1994 08:49:61 GMT'],
    ['two dates combined', 'Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT'],
    ['trailing garbage', 'Sun, 06 Nov 1994 08:49:37 GMTx'],
  ])('rejects %s', (_what, value) => {
    expect(parseHttpDate(value)).toBeNull();
  });

  describe('RFC 9111 §4.2 a cache matches HTTP-dates case-insensitively', () => {
    it.each([
      ['all lower case', 'sun, 06 nov 1994 08:49:37 gmt'],
      ['all upper case', 'SUN, 06 NOV 1994 08:49:37 GMT'],
      ['mixed case', 'sUn, 06 nOv 1994 08:49:37 Gmt'],
      ['RFC 850, lower case', 'sunday, 06-nov-94 08:49:37 gmt'],
      ['asctime, upper case', 'SUN NOV  6 08:49:37 1994'],
    ])('accepts %s', (_what, value) => {
      expect(parseHttpDate(value)).toBe(sunday);
    });

    it('a lower-case Expires gives the response its lifetime, end to end through policy', () => {
      expect(parseHttpDate('mon, 01 jan 2030 00:00:00 gmt')).toBe(Date.UTC(2030, 0, 1));
    });
  });

  it('accepts a leap second (second 60)', () => {
    expect(parseHttpDate('Sat, 31 Dec 2016 23:59:60 GMT')).toBe(Date.UTC(2017, 0, 1));
  });

  it('reads four-digit years below 100 as written, not as 19xx', () => {
    const parsed = new Date(parseHttpDate('Mon, 01 Jan 0001 00:00:00 GMT') ?? Number.NaN);
    expect(parsed.toISOString()).toBe('0001-01-01T00:00:00.000Z');
  });

  it('does not check the day-name against the date', () => {
    expect(parseHttpDate('Mon, 06 Nov 1994 08:49:37 GMT')).toBe(sunday);
  });

  it.each([
    ['69 without a clock is 2069', '69', undefined, 2069],
    ['70 without a clock is 1970', '70', undefined, 1970],
    ['94 in 2024 is 1994', '94', Date.UTC(2024, 0, 1), 1994],
    [
      '74 in 2024 is 2074 (exactly 50 years ahead is not "more than 50")',
      '74',
      Date.UTC(2024, 0, 1),
      2074,
    ],
    ['75 in 2024 is 1975 (more than 50 years ahead)', '75', Date.UTC(2024, 0, 1), 1975],
    ['01 in 2099 is 2101 (not 98 years back)', '01', Date.UTC(2099, 0, 1), 2101],
  ])('RFC 850 two-digit year: %s', (_what, yy, now, year) => {
    const parsed = parseHttpDate(`Sunday, 06-Nov-${yy} 08:49:37 GMT`, now);
    expect(new Date(parsed ?? Number.NaN).getUTCFullYear()).toBe(year);
  });
});
