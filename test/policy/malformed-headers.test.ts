// Every malformed header case in the project's list of caching rules, in one table: each makes the
// cache more conservative, never throws (RFC 9111 §4.2.1, §5.1, §5.3, §1.2.2; RFC 9110 §5.6.7).
import { describe, expect, it } from 'vitest';
import { describeFreshness } from '../../src/policy/freshness';
import type { HeaderList } from '../../src/policy/snapshot';
import { httpDate, res, SEC, T0 } from './fixtures';

const date = httpDate(T0);
const lifetime = (headers: HeaderList) => describeFreshness(res(headers)).lifetimeMs;
const initialAge = (headers: HeaderList) =>
  describeFreshness(res([['date', date], ...headers])).correctedInitialAgeMs;

describe('RFC 9111 §5.3 an invalid Expires means already expired', () => {
  it.each([
    ['0', '0'],
    ['-1', '-1'],
    ['a malformed date', 'Thu, 32 Jan 2030 00:00:00 GMT'],
    ['a zone other than GMT', 'Tue, 01 Jan 2030 00:00:00 UTC'],
    ['ISO 8601', '2030-01-01T00:00:00Z'],
  ])('%s', (_what, expires) => {
    expect(
      lifetime([
        ['date', date],
        ['expires', expires],
      ]),
    ).toBe(0);
  });
});

describe('RFC 9111 §4.2.1 duplicate max-age or Expires: stale, never the larger', () => {
  it.each([
    ['max-age twice in one line', [['cache-control', 'max-age=60, max-age=3600']]],
    [
      'max-age on two lines',
      [
        ['cache-control', 'max-age=3600'],
        ['cache-control', 'max-age=60'],
      ],
    ],
    [
      'Expires twice',
      [
        ['expires', httpDate(T0 + 60 * SEC)],
        ['expires', httpDate(T0 + 3600 * SEC)],
      ],
    ],
  ] as [string, HeaderList][])('%s', (_what, headers) => {
    expect(lifetime([['date', date], ...headers])).toBe(0);
  });
});

describe('RFC 9111 §1.2.2 delta-seconds', () => {
  it('larger than 2^31 is taken as 2^31', () => {
    expect(lifetime([['cache-control', 'max-age=99999999999']])).toBe(2 ** 31 * SEC);
  });

  it.each(['-60', '1.5', '"60"', '', '6e1', '0x3c', '+60', '60s'])(
    'max-age=%s is invalid: stale',
    (value) => {
      expect(
        lifetime([
          ['date', date],
          ['cache-control', `max-age=${value}`],
        ]),
      ).toBe(0);
    },
  );
});

describe('RFC 9111 §4.2 and RFC 9110 §5.6.7 HTTP-dates', () => {
  it.each([
    ['lower case', 'tue, 01 jan 2030 00:00:00 gmt'],
    ['upper case', 'TUE, 01 JAN 2030 00:00:00 GMT'],
    ['rfc850, lower case', 'tuesday, 01-jan-30 00:00:00 gmt'],
  ])('an Expires in %s is read', (_what, expires) => {
    expect(
      lifetime([
        ['date', date],
        ['expires', expires],
      ]),
    ).toBe(Date.UTC(2030, 0, 1) - T0);
  });

  it.each([
    ['a day that does not exist, lower case', 'sat, 30 feb 2030 00:00:00 gmt'],
    ['a month that does not exist', 'tue, 01 jax 2030 00:00:00 gmt'],
  ])('%s is invalid: already expired', (_what, expires) => {
    expect(
      lifetime([
        ['date', date],
        ['expires', expires],
      ]),
    ).toBe(0);
  });
});

describe('RFC 9111 §5.1 Age: the first member; anything but a non-negative integer is ignored', () => {
  it.each([
    ['a plain value', '10', 10 * SEC],
    ['a list: the first member', '10, 20', 10 * SEC],
    ['empty list members before the first', ' , 10', 10 * SEC],
    ['leading zeros', '010', 10 * SEC],
    ['parameters', '10;foo=bar', 0],
    ['a parameter after whitespace', '10 ; x', 0],
    ['a unit', '10s', 0],
    ['a sign', '+10', 0],
    ['negative', '-10', 0],
    ['fractional', '1.5', 0],
    ['an exponent', '1e3', 0],
    ['quoted', '"10"', 0],
    ['an invalid first member, a valid second', 'x, 20', 0],
    ['larger than 2^31', '99999999999', 2 ** 31 * SEC],
  ])('%s (%j)', (_what, age, expected) => {
    expect(initialAge([['age', age]])).toBe(expected);
  });

  it('two Age lines: the first wins', () => {
    expect(
      initialAge([
        ['age', '10'],
        ['age', '20'],
      ]),
    ).toBe(10 * SEC);
  });
});
