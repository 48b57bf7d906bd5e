import { describe, expect, it } from 'vitest';
import { type CacheStatusParams, formatCacheStatus } from '../../src/policy/cache-status';

describe('RFC 9211 The Cache-Status HTTP Response Header Field', () => {
  // biome-ignore format: one case per line reads as a table
  it.each([
    ['a hit',                    { hit: true, ttlSec: 42 },                                      'cached-fetch; hit; ttl=42'],
    ['a revalidation',           { fwd: 'stale', fwdStatus: 304, ttlSec: 60 },                   'cached-fetch; fwd=stale; fwd-status=304; ttl=60'],
    ['a stored miss',            { fwd: 'uri-miss', fwdStatus: 200, stored: true, ttlSec: 60 },  'cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=60'],
    ['a stale-if-error answer',  { hit: true, ttlSec: -30, detail: 'stale-if-error' },           'cached-fetch; hit; ttl=-30; detail="stale-if-error"'],
    ['a collapsed request',      { fwd: 'vary-miss', fwdStatus: 200, collapsed: true },          'cached-fetch; fwd=vary-miss; fwd-status=200; collapsed'],
    ['a bypass',                 { fwd: 'bypass', fwdStatus: 200 },                              'cached-fetch; fwd=bypass; fwd-status=200'],
    ['nothing',                  {},                                                             'cached-fetch'],
    ['false flags are left out', { hit: false, stored: false, collapsed: false },                'cached-fetch'],
    ['ttl 0',                    { hit: true, ttlSec: 0 },                                       'cached-fetch; hit; ttl=0'],
  ] as [string, CacheStatusParams, string][])('%s', (_what, params, expected) => {
    expect(formatCacheStatus(params)).toBe(expected);
  });

  it.each([
    ['a fraction', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['more than 15 digits', 1e15],
  ])('RFC 8941 §3.3.1 an integer parameter that is %s is left out', (_what, ttlSec) => {
    expect(formatCacheStatus({ hit: true, ttlSec, fwdStatus: ttlSec })).toBe('cached-fetch; hit');
  });

  it('RFC 8941 §3.3.3 strings escape quotes and backslashes', () => {
    expect(formatCacheStatus({ detail: 'a "b" \\c' })).toBe(
      'cached-fetch; detail="a \\"b\\" \\\\c"',
    );
  });

  it('RFC 8941 §3.3.3 characters a String cannot hold are percent-encoded, never thrown on', () => {
    expect(formatCacheStatus({ detail: 'é\n\u007f\ud800' })).toBe(
      'cached-fetch; detail="%C3%A9%0A%7F%EF%BF%BD"',
    );
  });
});
