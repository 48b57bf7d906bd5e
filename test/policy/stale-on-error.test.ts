import { describe, expect, it } from 'vitest';
import {
  maxStaleAllows,
  offlineStandIn,
  originUnreachable,
  staleIfErrorAllows,
} from '../../src/policy/stale-on-error';
import { httpDate, req, SEC, stored, T0 } from './fixtures';

const date = httpDate(T0);

function allows(
  responseCacheControl: string,
  elapsedSec: number,
  failure: { status?: number },
  requestCacheControl?: string,
): boolean {
  const response = stored({ date, 'cache-control': responseCacheControl });
  const request = req(
    requestCacheControl === undefined ? {} : { 'cache-control': requestCacheControl },
  );
  return staleIfErrorAllows(response, request, T0 + elapsedSec * SEC, failure);
}

describe('RFC 5861 §4 stale-if-error', () => {
  it.each([
    ['a network error within the window', {}, true],
    ['500', { status: 500 }, true],
    ['502', { status: 502 }, true],
    ['503', { status: 503 }, true],
    ['504', { status: 504 }, true],
    ['501 is not an error it covers', { status: 501 }, false],
    ['404 is not an error it covers', { status: 404 }, false],
    ['200 is no failure', { status: 200 }, false],
  ])('response directive, %s', (_what, failure, expected) => {
    expect(allows('max-age=60, stale-if-error=600', 120, failure)).toBe(expected);
  });

  // biome-ignore format: one case per line reads as a table
  it.each([
    ['inside the window',                                   'max-age=60, stale-if-error=600',                   660, undefined,                  true],
    ['past the window',                                     'max-age=60, stale-if-error=600',                   661, undefined,                  false],
    ['a fresh response is covered',                         'max-age=60, stale-if-error=600',                    10, undefined,                  true],
    ['no directive: never',                                 'max-age=60',                                        61, undefined,                  false],
    ['no directive, even while fresh: never',               'max-age=60',                                        10, undefined,                  false],
    ['the request directive alone',                         'max-age=60',                                       120, 'stale-if-error=600',       true],
    ['the larger window wins (request)',                    'max-age=60, stale-if-error=10',                    120, 'stale-if-error=600',       true],
    ['the larger window wins (response)',                   'max-age=60, stale-if-error=600',                   120, 'stale-if-error=10',        true],
    ['an invalid request window is no window',              'max-age=60',                                       120, 'stale-if-error="600"',     false],
    ['an invalid response window is no window',             'max-age=60, stale-if-error=1e3',                   120, undefined,                  false],
    ['never past must-revalidate (RFC 9111 §4.2.4)',        'max-age=60, must-revalidate, stale-if-error=600',  120, undefined,                  false],
    ['never past must-revalidate, even from the request',   'max-age=60, must-revalidate',                      120, 'stale-if-error=600',       false],
    ['never with a no-cache response (RFC 9111 §4.2.4)',    'max-age=60, no-cache, stale-if-error=600',         120, undefined,                  false],
  ])('%s', (_what, responseCacheControl, elapsed, requestCacheControl, expected) => {
    expect(allows(responseCacheControl, elapsed, {}, requestCacheControl)).toBe(expected);
  });
});

describe('RFC 9111 §4.2.4 offline opt-in: a disconnected cache may serve stale', () => {
  it.each([
    ['a stale response', 'max-age=60', 'offline', 'offline'],
    ['a response without freshness', '', 'offline', 'offline'],
    [
      'not past must-revalidate (RFC 9111 §5.2.2.2)',
      'max-age=60, must-revalidate',
      undefined,
      'offline-any',
    ],
    ['not a no-cache response (RFC 9111 §5.2.2.4)', 'no-cache', undefined, 'offline-any'],
  ])('%s: %s', (_what, cacheControl, underStale, underAny) => {
    const response = stored({ date, 'cache-control': cacheControl });
    expect(offlineStandIn(response, 'stale')).toBe(underStale);
    // Beyond the RFC only when the app chose it, and told apart (offline-any).
    expect(offlineStandIn(response, 'any')).toBe(underAny);
    expect(offlineStandIn(response, 'error')).toBeUndefined();
  });
});

describe('RFC 9110 §15.6.3-5 originUnreachable (for offline: stale)', () => {
  it.each([
    ['a network error', {}, true],
    ['502 Bad Gateway', { status: 502 }, true],
    ['503 Service Unavailable', { status: 503 }, true],
    ['504 Gateway Timeout', { status: 504 }, true],
    ['500: the origin answered', { status: 500 }, false],
    ['404: the origin answered', { status: 404 }, false],
  ])('%s', (_what, failure, expected) => {
    expect(originUnreachable(failure)).toBe(expected);
  });
});

describe('RFC 9111 §5.2.1.2 maxStaleAllows (a stand-in past networkTimeout)', () => {
  // biome-ignore format: one case per line reads as a table
  it.each([
    ['max-stale without a value: any staleness',  'max-age=60',                  'max-stale',      3600, true],
    ['within max-stale=n',                        'max-age=60',                  'max-stale=100',   160, true],
    ['past max-stale=n',                          'max-age=60',                  'max-stale=100',   161, false],
    ['no max-stale',                              'max-age=60',                  'no-cache',        120, false],
    ['§5.2.2.2 never past must-revalidate',       'max-age=60, must-revalidate', 'max-stale',       120, false],
    ['§5.2.2.4 never for no-cache',               'no-cache',                    'max-stale',       120, false],
  ])('%s', (_what, responseCacheControl, requestCacheControl, elapsedSec, expected) => {
    const response = stored({ date, 'cache-control': responseCacheControl });
    const request = req({ 'cache-control': requestCacheControl });
    expect(maxStaleAllows(response, request, T0 + elapsedSec * SEC)).toBe(expected);
  });
});
