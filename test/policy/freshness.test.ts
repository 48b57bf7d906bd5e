import { describe, expect, it } from 'vitest';
import { ageHeaderValue, currentAgeMs, isFreshAtAge, ttlSec } from '../../src/policy/age';
import {
  describeFreshness,
  isHeuristicallyCacheable,
  maxHeuristicLifetimeMs,
} from '../../src/policy/freshness';
import type { HeaderList } from '../../src/policy/snapshot';
import { stalenessMs } from '../../src/policy/stale-on-error';
import { httpDate, res, SEC, stored, T0 } from './fixtures';

/** The predicate at `now`: fresh while the lifetime exceeds the current age. */
const isFreshAt = (response: Parameters<typeof currentAgeMs>[0], now: number) =>
  isFreshAtAge(response, currentAgeMs(response, now));

const DAY = 86_400 * SEC;
const date = httpDate(T0);

function lifetime(headers: Record<string, string> | HeaderList, overrides = {}) {
  return describeFreshness(res(headers, overrides)).lifetimeMs;
}

describe('RFC 9111 §4.2.1 Calculating Freshness Lifetime', () => {
  // biome-ignore format: one case per line reads as a table
  it.each([
    ['max-age',                                                  { 'cache-control': 'max-age=60', date },                                   60 * SEC],
    ['max-age=0',                                                { 'cache-control': 'max-age=0', date },                                    0],
    ['max-age wins over Expires',                                { 'cache-control': 'max-age=60', expires: httpDate(T0 + DAY), date },      60 * SEC],
    ['max-age wins over a heuristic',                            { 'cache-control': 'max-age=5', 'last-modified': httpDate(T0 - 100 * DAY) }, 5 * SEC],
    ['max-age larger than 2^31 is taken as 2^31 s',              { 'cache-control': 'max-age=9999999999' },                                 2 ** 31 * SEC],
    ['Expires − Date',                                           { expires: httpDate(T0 + 3600 * SEC), date },                              3600 * SEC],
    ['Expires before Date: already expired',                     { expires: httpDate(T0 - SEC), date },                                     0],
    ['Expires equal to Date: already expired',                   { expires: date, date },                                                   0],
    ['s-maxage is ignored by a private cache',                   { 'cache-control': 's-maxage=60', date },                                  0],
    ['no freshness information on a 200 without Last-Modified',  { date },                                                                  0],
  ])('%s', (_what, headers, expected) => {
    expect(lifetime(headers)).toBe(expected);
  });

  it('Expires − response time when Date is absent', () => {
    expect(lifetime({ expires: httpDate(T0 + 3600 * SEC) }, { responseTime: T0 + 10 * SEC })).toBe(
      3590 * SEC,
    );
  });

  it('Expires − response time when Date is invalid', () => {
    const headers = { expires: httpDate(T0 + 3600 * SEC), date: 'yesterday' };
    expect(lifetime(headers, { responseTime: T0 + 10 * SEC })).toBe(3590 * SEC);
  });

  it.each([
    ['"0"', '0'],
    ['"-1"', '-1'],
    ['a malformed date', 'Mon, 32 Jan 2099 00:00:00 GMT'],
    ['an ISO date', '2099-01-01T00:00:00Z'],
    ['an empty value', ''],
  ])('§5.3 an invalid Expires (%s) means already expired, never a heuristic', (_what, expires) => {
    const headers = { expires, date, 'last-modified': httpDate(T0 - 100 * DAY) };
    const freshness = describeFreshness(res(headers));
    expect(freshness.lifetimeMs).toBe(0);
    expect(freshness.heuristic).toBe(false);
  });

  it('duplicate Expires lines are treated as stale, never the later one', () => {
    const headers: HeaderList = [
      ['date', date],
      ['expires', httpDate(T0 + DAY)],
      ['expires', httpDate(T0 + 2 * DAY)],
    ];
    expect(lifetime(headers)).toBe(0);
  });

  it.each([
    ['repeated in one line', [['cache-control', 'max-age=60, max-age=3600']]],
    [
      'repeated over two lines',
      [
        ['cache-control', 'max-age=3600'],
        ['cache-control', 'max-age=60'],
      ],
    ],
    ['repeated with the same value', [['cache-control', 'max-age=60, max-age=60']]],
  ] as [string, HeaderList][])(
    'duplicate max-age (%s) is treated as stale, never the larger',
    (_what, headers) => {
      expect(lifetime([['date', date], ...headers, ['expires', httpDate(T0 + DAY)]])).toBe(0);
    },
  );

  it.each([
    ['quoted', 'max-age="60"'],
    ['negative', 'max-age=-60'],
    ['fractional', 'max-age=1.5'],
    ['empty', 'max-age='],
    ['missing', 'max-age'],
    ['garbage', 'max-age=sixty'],
  ])(
    'an invalid max-age (%s) is stale: no fallback to Expires or a heuristic',
    (_what, cacheControl) => {
      const headers = {
        'cache-control': cacheControl,
        date,
        expires: httpDate(T0 + DAY),
        'last-modified': httpDate(T0 - 100 * DAY),
      };
      expect(describeFreshness(res(headers))).toMatchObject({ lifetimeMs: 0, heuristic: false });
    },
  );
});

describe('RFC 9111 §4.2.2 Calculating Heuristic Freshness', () => {
  it('10% of Date − Last-Modified', () => {
    const headers = { date, 'last-modified': httpDate(T0 - 10 * DAY) };
    expect(describeFreshness(res(headers))).toMatchObject({ lifetimeMs: DAY, heuristic: true });
  });

  it('capped at 7 days', () => {
    const headers = { date, 'last-modified': httpDate(T0 - 1000 * DAY) };
    expect(maxHeuristicLifetimeMs).toBe(7 * DAY);
    expect(describeFreshness(res(headers))).toMatchObject({ lifetimeMs: 7 * DAY, heuristic: true });
  });

  it('uses the response time when Date is absent', () => {
    const headers = { 'last-modified': httpDate(T0 - 10 * DAY) };
    expect(lifetime(headers, { responseTime: T0 + 10 * DAY })).toBe(2 * DAY);
  });

  it('a Last-Modified after Date gives no freshness', () => {
    expect(lifetime({ date, 'last-modified': httpDate(T0 + DAY) })).toBe(0);
  });

  it('an invalid Last-Modified gives no freshness', () => {
    expect(describeFreshness(res({ date, 'last-modified': '0' }))).toMatchObject({
      lifetimeMs: 0,
      heuristic: false,
    });
  });

  it.each([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501])(
    'status %d is heuristically cacheable',
    (status) => {
      expect(isHeuristicallyCacheable(status)).toBe(true);
      expect(lifetime({ date, 'last-modified': httpDate(T0 - 10 * DAY) }, { status })).toBe(DAY);
    },
  );

  it.each([201, 302, 303, 307, 400, 500, 503])(
    'status %d gets no heuristic freshness',
    (status) => {
      expect(isHeuristicallyCacheable(status)).toBe(false);
      expect(lifetime({ date, 'last-modified': httpDate(T0 - 10 * DAY) }, { status })).toBe(0);
    },
  );

  it('a public response of another status may get heuristic freshness', () => {
    const headers = { 'cache-control': 'public', date, 'last-modified': httpDate(T0 - 10 * DAY) };
    expect(lifetime(headers, { status: 302 })).toBe(DAY);
  });
});

describe('RFC 9111 §4.2.3 Calculating Age', () => {
  // biome-ignore format: one case per line reads as a table
  it.each([
    // what,                                                       headers,                                      request_time, response_time, corrected_initial_age
    ['nothing to add',                                             { date },                                     T0,           T0,            0],
    ['response delay counts',                                      { date },                                     T0 - 2 * SEC, T0,            2 * SEC],
    ['Age plus response delay',                                    { date, age: '10' },                          T0 - 2 * SEC, T0,            12 * SEC],
    ['apparent age when larger than Age',                          { date: httpDate(T0 - 30 * SEC), age: '10' }, T0,           T0,            30 * SEC],
    ['Age when larger than the apparent age',                      { date: httpDate(T0 - 30 * SEC), age: '100' }, T0,          T0,            100 * SEC],
    ['a Date in the future adds nothing',                          { date: httpDate(T0 + 60 * SEC) },            T0,           T0,            0],
    ['no Date: apparent age 0',                                    { age: '5' },                                 T0,           T0,            5 * SEC],
    ['the first Age value wins',                                   { date, age: '10, 20' },                      T0,           T0,            10 * SEC],
    ['an unparseable Age is ignored',                              { date, age: 'ten' },                         T0,           T0,            0],
    ['a negative Age is ignored',                                  { date, age: '-10' },                         T0,           T0,            0],
    ['a fractional Age is ignored',                                { date, age: '1.5' },                         T0,           T0,            0],
    ['a quoted Age is ignored',                                    { date, age: '"10"' },                        T0,           T0,            0],
    ['an invalid first Age is ignored, not replaced by the second', { date, age: 'x, 20' },                      T0,           T0,            0],
    ['an Age above 2^31 is 2^31',                                  { date, age: '99999999999' },                 T0,           T0,            2 ** 31 * SEC],
  ])('%s', (_what, headers, requestTime, responseTime, expected) => {
    const freshness = describeFreshness(res(headers, { requestTime, responseTime }));
    expect(freshness.correctedInitialAgeMs).toBe(expected);
  });

  it('the first Age line wins over a later one', () => {
    const headers: HeaderList = [
      ['age', '10'],
      ['age', '20'],
    ];
    expect(describeFreshness(res(headers)).correctedInitialAgeMs).toBe(10 * SEC);
  });

  it('current_age = corrected_initial_age + (now − response_time)', () => {
    const response = stored({ date, age: '10' });
    expect(currentAgeMs(response, T0 + 5 * SEC)).toBe(15 * SEC);
  });

  it('a clock that went backwards adds no negative resident time', () => {
    const response = stored({ date, age: '10' });
    expect(currentAgeMs(response, T0 - 60 * SEC)).toBe(10 * SEC);
  });
});

describe('RFC 9111 §4.2 fresh when freshness_lifetime > current_age', () => {
  const response = stored({ date, 'cache-control': 'max-age=60' });

  it.each([
    [0, true],
    [59_999, true],
    [60_000, false],
    [60_001, false],
  ])('at T0 + %d ms fresh is %s', (elapsed, fresh) => {
    expect(isFreshAt(response, T0 + elapsed)).toBe(fresh);
  });

  it('stalenessMs is negative while fresh, positive once stale', () => {
    expect(stalenessMs(response, T0 + 10 * SEC)).toBe(-50 * SEC);
    expect(stalenessMs(response, T0 + 70 * SEC)).toBe(10 * SEC);
  });
});

describe('RFC 9111 §5.1 the Age of a response served from the cache', () => {
  it.each([
    [0, '0'],
    [999, '0'],
    [1000, '1'],
    [61_500, '61'],
  ])('at T0 + %d ms it is %s (whole seconds, floored)', (elapsed, expected) => {
    expect(ageHeaderValue(stored({ date }), T0 + elapsed)).toBe(expected);
  });

  it('includes the stored Age', () => {
    expect(ageHeaderValue(stored({ date, age: '100' }), T0 + 5 * SEC)).toBe('105');
  });

  it('is capped at 2^31', () => {
    expect(ageHeaderValue(stored({ date, age: '2147483648' }), T0 + 10 * DAY)).toBe('2147483648');
  });
});

describe('RFC 9211 §2.5 ttl: freshness left in seconds', () => {
  const response = stored({ date, 'cache-control': 'max-age=60' });

  it.each([
    [0, 60],
    [500, 59],
    [60_000, 0],
    [60_001, -1],
    [90_000, -30],
  ])('at T0 + %d ms ttl is %d', (elapsed, expected) => {
    expect(ttlSec(response, T0 + elapsed)).toBe(expected);
  });
});

describe('RFC 9111 §5.2.2 response directives, RFC 5861 windows and RFC 9110 §8.8 validators, parsed once', () => {
  it.each([
    ['no-cache', 'noCache', true],
    ['no-cache="set-cookie" (qualified: treated as no-cache)', 'noCache', true],
    ['must-revalidate', 'mustRevalidate', true],
    ['proxy-revalidate (shared caches only)', 'mustRevalidate', false],
    ['immutable', 'immutable', true],
    ['max-age=60', 'noCache', false],
    ['stale-while-revalidate=30', 'staleWhileRevalidateMs', 30 * SEC],
    ['stale-while-revalidate="30"', 'staleWhileRevalidateMs', 0],
    ['stale-while-revalidate=30, stale-while-revalidate=60', 'staleWhileRevalidateMs', 0],
    ['stale-while-revalidate', 'staleWhileRevalidateMs', 0],
    ['stale-if-error=600', 'staleIfErrorMs', 600 * SEC],
    ['stale-if-error=-1', 'staleIfErrorMs', 0],
    ['max-age=60', 'staleIfErrorMs', 0],
  ] as const)('Cache-Control: %s gives %s = %s', (cacheControl, field, expected) => {
    expect(describeFreshness(res({ 'cache-control': cacheControl }))[field]).toBe(expected);
  });

  it.each([
    ['a strong ETag as sent', { etag: '"abc"' }, '"abc"'],
    ['a weak ETag as sent', { etag: 'W/"abc"' }, 'W/"abc"'],
    ['an ETag with stray whitespace, trimmed', { etag: ' "abc" ' }, '"abc"'],
    ['an empty ETag: none', { etag: '' }, null],
    ['no ETag', {}, null],
  ])('etag: %s', (_what, headers, expected) => {
    expect(describeFreshness(res(headers)).etag).toBe(expected);
  });

  it.each([
    [
      'a valid Last-Modified, raw',
      'Sunday, 06-Nov-94 08:49:37 GMT',
      'Sunday, 06-Nov-94 08:49:37 GMT',
    ],
    ['an invalid Last-Modified: none', 'last week', null],
  ])('lastModified: %s', (_what, lastModified, expected) => {
    expect(describeFreshness(res({ 'last-modified': lastModified })).lastModified).toBe(expected);
  });

  it('never uses Date as a validator', () => {
    expect(describeFreshness(res({ date })).lastModified).toBeNull();
  });
});
