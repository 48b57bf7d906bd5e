import { describe, expect, it } from 'vitest';
import { decideReuse, type ReuseDecision } from '../../src/policy/reuse';
import { httpDate, req, SEC, stored, T0 } from './fixtures';

const date = httpDate(T0);

/** Decide for a response stored at T0 with this Cache-Control, `elapsedSec` later. */
function decide(
  responseCacheControl: string,
  elapsedSec: number,
  requestHeaders: Record<string, string> = {},
  mode: RequestCache = 'default',
): ReuseDecision {
  const response = stored({ date, 'cache-control': responseCacheControl });
  return decideReuse(response, req(requestHeaders, { mode }), T0 + elapsedSec * SEC);
}

const fresh = (ageSec: number): ReuseDecision => ({ kind: 'fresh', ageMs: ageSec * SEC });
const staleAllowed = (ageSec: number, why: 'max-stale' | 'force-cache' | 'only-if-cached'): ReuseDecision => ({
  kind: 'stale-allowed',
  ageMs: ageSec * SEC,
  why,
});
const swr = (ageSec: number): ReuseDecision => ({ kind: 'stale-while-revalidate', ageMs: ageSec * SEC });
const revalidate = (ageSec: number, why: Extract<ReuseDecision, { kind: 'revalidate' }>['why']): ReuseDecision => ({
  kind: 'revalidate',
  ageMs: ageSec * SEC,
  why,
});

describe('RFC 9111 §4.2 a fresh response is reused, a stale one is validated', () => {
  it.each([
    ['fresh halfway through its lifetime', 'max-age=60', 30, fresh(30)],
    ['fresh just before expiry', 'max-age=60', 59, fresh(59)],
    ['stale at age == lifetime (fresh needs lifetime > age)', 'max-age=60', 60, revalidate(60, 'stale')],
    ['stale after expiry', 'max-age=60', 90, revalidate(90, 'stale')],
    ['max-age=0 is stale at once', 'max-age=0', 0, revalidate(0, 'stale')],
    ['a duplicate max-age is stale at once (RFC 9111 §4.2.1)', 'max-age=600, max-age=900', 1, revalidate(1, 'stale')],
    ['a quoted max-age is stale at once', 'max-age="600"', 1, revalidate(1, 'stale')],
  ])('%s', (_what, cacheControl, elapsed, expected) => {
    expect(decide(cacheControl, elapsed)).toEqual(expected);
  });

  it('ageMs includes the stored Age', () => {
    const response = stored({ date, age: '10', 'cache-control': 'max-age=60' });
    expect(decideReuse(response, req(), T0 + 5 * SEC)).toEqual(fresh(15));
  });
});

describe('Fetch cache modes force-cache and only-if-cached use any stored response', () => {
  it.each([
    ['force-cache, fresh', 'max-age=60', 10, {}, 'force-cache', fresh(10)],
    ['force-cache, stale', 'max-age=60', 600, {}, 'force-cache', staleAllowed(600, 'force-cache')],
    ['force-cache, past must-revalidate', 'max-age=60, must-revalidate', 600, {}, 'force-cache', staleAllowed(600, 'force-cache')],
    ['force-cache, no-cache response', 'no-cache', 600, {}, 'force-cache', staleAllowed(600, 'force-cache')],
    ['force-cache, despite request no-cache', 'max-age=60', 10, { 'cache-control': 'no-cache' }, 'force-cache', fresh(10)],
    ['only-if-cached mode, fresh', 'max-age=60', 10, {}, 'only-if-cached', fresh(10)],
    ['only-if-cached mode, stale', 'max-age=60', 600, {}, 'only-if-cached', staleAllowed(600, 'only-if-cached')],
    ['only-if-cached directive (RFC 9111 §5.2.1.7), stale', 'max-age=60', 600, { 'cache-control': 'only-if-cached' }, 'default', staleAllowed(600, 'only-if-cached')],
    ['only-if-cached directive, no-cache response', 'no-cache', 1, { 'cache-control': 'only-if-cached, max-age=0' }, 'default', staleAllowed(1, 'only-if-cached')],
  ] as const)('%s', (_what, cacheControl, elapsed, requestHeaders, mode, expected) => {
    expect(decide(cacheControl, elapsed, requestHeaders, mode)).toEqual(expected);
  });
});

describe('Fetch mode no-cache and RFC 9111 §5.2.1.4 request no-cache revalidate', () => {
  it.each([
    ['mode no-cache, fresh', 'max-age=60', 10, {}, 'no-cache', revalidate(10, 'mode-no-cache')],
    ['mode no-cache beats immutable (an explicit override, RFC 8246 §2)', 'max-age=60, immutable', 10, {}, 'no-cache', revalidate(10, 'mode-no-cache')],
    ['Cache-Control: no-cache, fresh', 'max-age=60', 10, { 'cache-control': 'no-cache' }, 'default', revalidate(10, 'request-no-cache')],
    ['Cache-Control: no-cache beats max-stale', 'max-age=60', 90, { 'cache-control': 'max-stale, no-cache' }, 'default', revalidate(90, 'request-no-cache')],
    ['RFC 9111 §5.4 Pragma: no-cache without Cache-Control', 'max-age=60', 10, { pragma: 'no-cache' }, 'default', revalidate(10, 'request-no-cache')],
    ['Pragma: NO-CACHE among other members', 'max-age=60', 10, { pragma: 'x=1, NO-CACHE' }, 'default', revalidate(10, 'request-no-cache')],
    ['Pragma: no-cache is ignored when Cache-Control is present', 'max-age=60', 10, { pragma: 'no-cache', 'cache-control': 'max-stale' }, 'default', fresh(10)],
    ['Pragma without no-cache', 'max-age=60', 10, { pragma: 'x' }, 'default', fresh(10)],
  ] as const)('%s', (_what, cacheControl, elapsed, requestHeaders, mode, expected) => {
    expect(decide(cacheControl, elapsed, requestHeaders, mode)).toEqual(expected);
  });
});

describe('RFC 9111 §5.2.2.4 a no-cache response is always validated', () => {
  it.each([
    ['fresh', 'no-cache, max-age=600', 10, {}],
    ['qualified no-cache="x" counts as no-cache', 'no-cache="set-cookie", max-age=600', 10, {}],
    ['even with request max-stale', 'no-cache, max-age=60', 90, { 'cache-control': 'max-stale' }],
    ['even within stale-while-revalidate', 'no-cache, max-age=60, stale-while-revalidate=600', 90, {}],
    ['even when immutable', 'no-cache, max-age=600, immutable', 10, {}],
  ])('%s', (_what, cacheControl, elapsed, requestHeaders) => {
    expect(decide(cacheControl, elapsed, requestHeaders)).toEqual(revalidate(elapsed, 'no-cache'));
  });
});

describe('RFC 9111 §5.2.1.1 request max-age and §5.2.1.3 min-fresh', () => {
  it.each([
    ['max-age below the age', 'max-age=600', 30, { 'cache-control': 'max-age=10' }, revalidate(30, 'request-max-age')],
    ['max-age equal to the age is acceptable', 'max-age=600', 30, { 'cache-control': 'max-age=30' }, fresh(30)],
    ['max-age=0 at age 0 is acceptable', 'max-age=600', 0, { 'cache-control': 'max-age=0' }, fresh(0)],
    ['max-age=0 at age 1', 'max-age=600', 1, { 'cache-control': 'max-age=0' }, revalidate(1, 'request-max-age')],
    ['an invalid max-age counts as 0', 'max-age=600', 1, { 'cache-control': 'max-age="3600"' }, revalidate(1, 'request-max-age')],
    ['a duplicate max-age counts as 0', 'max-age=600', 1, { 'cache-control': 'max-age=3600, max-age=7200' }, revalidate(1, 'request-max-age')],
    ['max-age: a stale response is refused even when young enough', 'max-age=60', 90, { 'cache-control': 'max-age=3600' }, revalidate(90, 'stale')],
    ['min-fresh met', 'max-age=60', 30, { 'cache-control': 'min-fresh=30' }, fresh(30)],
    ['min-fresh not met', 'max-age=60', 30, { 'cache-control': 'min-fresh=31' }, revalidate(30, 'request-min-fresh')],
    ['an invalid min-fresh is never met', 'max-age=60', 0, { 'cache-control': 'min-fresh=-1' }, revalidate(0, 'request-min-fresh')],
    ['min-fresh is not met by a stale response, max-stale or not', 'max-age=60', 90, { 'cache-control': 'min-fresh=0, max-stale' }, revalidate(90, 'request-min-fresh')],
  ])('%s', (_what, cacheControl, elapsed, requestHeaders, expected) => {
    expect(decide(cacheControl, elapsed, requestHeaders)).toEqual(expected);
  });
});

describe('RFC 8246 §2 immutable: no revalidation while fresh', () => {
  it.each([
    ['request no-cache', { 'cache-control': 'no-cache' }],
    ['Pragma: no-cache', { pragma: 'no-cache' }],
    ['request max-age=0', { 'cache-control': 'max-age=0' }],
    ['request min-fresh beyond the lifetime', { 'cache-control': 'min-fresh=9999' }],
  ])('a fresh immutable response is served despite %s', (_what, requestHeaders) => {
    expect(decide('max-age=600, immutable', 10, requestHeaders)).toEqual(fresh(10));
  });

  it('a stale immutable response is validated', () => {
    expect(decide('max-age=60, immutable', 90)).toEqual(revalidate(90, 'stale'));
  });
});

describe('RFC 9111 §5.2.1.2 max-stale and §4.2.4 Serving Stale Responses', () => {
  it.each([
    ['max-stale without a value accepts any staleness', 'max-age=60', 100_000, 'max-stale', staleAllowed(100_000, 'max-stale')],
    ['max-stale=n accepts staleness up to n', 'max-age=60', 90, 'max-stale=30', staleAllowed(90, 'max-stale')],
    ['max-stale=0 accepts a response just expired', 'max-age=60', 60, 'max-stale=0', staleAllowed(60, 'max-stale')],
    ['max-stale=n refuses staleness beyond n', 'max-age=60', 91, 'max-stale=30', revalidate(91, 'stale')],
    ['max-stale with a young-enough request max-age', 'max-age=60', 90, 'max-age=3600, max-stale', staleAllowed(90, 'max-stale')],
    ['max-stale does not override request max-age', 'max-age=60', 90, 'max-age=80, max-stale', revalidate(90, 'request-max-age')],
    ['an invalid max-stale accepts nothing stale', 'max-age=60', 61, 'max-stale="600"', revalidate(61, 'stale')],
    ['a negative max-stale accepts nothing stale', 'max-age=60', 61, 'max-stale=-1', revalidate(61, 'stale')],
    ['a duplicate max-stale accepts nothing stale', 'max-age=60', 61, 'max-stale, max-stale=600', revalidate(61, 'stale')],
    ['never past must-revalidate (RFC 9111 §5.2.2.2)', 'max-age=60, must-revalidate', 61, 'max-stale', revalidate(61, 'stale')],
    ['max-stale on a fresh response: fresh', 'max-age=60', 10, 'max-stale', fresh(10)],
  ])('%s', (_what, cacheControl, elapsed, requestCacheControl, expected) => {
    expect(decide(cacheControl, elapsed, { 'cache-control': requestCacheControl })).toEqual(expected);
  });
});

describe('RFC 5861 §3 stale-while-revalidate', () => {
  it.each([
    ['within the window', 'max-age=60, stale-while-revalidate=30', 70, {}, swr(70)],
    ['at the end of the window', 'max-age=60, stale-while-revalidate=30', 90, {}, swr(90)],
    ['past the window', 'max-age=60, stale-while-revalidate=30', 91, {}, revalidate(91, 'stale')],
    ['not while fresh', 'max-age=60, stale-while-revalidate=30', 30, {}, fresh(30)],
    ['no window without the directive, even at expiry', 'max-age=60', 60, {}, revalidate(60, 'stale')],
    ['never past must-revalidate', 'max-age=60, must-revalidate, stale-while-revalidate=30', 70, {}, revalidate(70, 'stale')],
    ['not when the request demands validation (no-cache)', 'max-age=60, stale-while-revalidate=30', 70, { 'cache-control': 'no-cache' }, revalidate(70, 'request-no-cache')],
    ['not when the request max-age refuses stale', 'max-age=60, stale-while-revalidate=30', 70, { 'cache-control': 'max-age=3600' }, revalidate(70, 'stale')],
    ['not in mode no-cache', 'max-age=60, stale-while-revalidate=30', 70, {}, revalidate(70, 'mode-no-cache'), 'no-cache'],
    ['max-stale comes first: served without revalidation', 'max-age=60, stale-while-revalidate=30', 70, { 'cache-control': 'max-stale' }, staleAllowed(70, 'max-stale')],
    ['an invalid window is no window', 'max-age=60, stale-while-revalidate=3.5', 61, {}, revalidate(61, 'stale')],
    ['a duplicate window is no window', 'max-age=60, stale-while-revalidate=30, stale-while-revalidate=60', 61, {}, revalidate(61, 'stale')],
  ] as [string, string, number, Record<string, string>, ReuseDecision, RequestCache?][])(
    '%s',
    (_what, cacheControl, elapsed, requestHeaders, expected, mode = 'default') => {
      expect(decide(cacheControl, elapsed, requestHeaders, mode)).toEqual(expected);
    },
  );
});

describe('malformed request Cache-Control never throws, and only ever adds caution', () => {
  it.each([
    ['empty members and stray quotes', ', , =, "', fresh(10)],
    ['a nameless argument', '=60', fresh(10)],
    ['control characters', '\u0000', fresh(10)],
    ['max-age without its argument counts as 0', 'max-age', revalidate(10, 'request-max-age')],
    ['no-cache with an empty argument is no-cache', 'no-cache=', revalidate(10, 'request-no-cache')],
  ])('%s', (_what, requestCacheControl, expected) => {
    expect(decide('max-age=60', 10, { 'cache-control': requestCacheControl })).toEqual(expected);
  });
});
