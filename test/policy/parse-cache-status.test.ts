// RFC 9211 Cache-Status, parsed as an RFC 8941 List: what formatCacheStatus writes reads back.
import { describe, expect, it } from 'vitest';
import { formatCacheStatus } from '../../src/policy/cache-status';
import { parseCacheStatus } from '../../src/policy/parse-cache-status';

describe('RFC 9211 §2 parseCacheStatus', () => {
  it.each([
    ['cached-fetch; hit; ttl=42', { hit: true, ttl: 42 }],
    [
      'cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=60',
      { fwd: 'uri-miss', fwdStatus: 200, stored: true, ttl: 60 },
    ],
    [
      'cached-fetch; fwd=stale; fwd-status=503; ttl=-3; detail="offline"',
      { fwd: 'stale', fwdStatus: 503, ttl: -3, detail: 'offline' },
    ],
    ['cached-fetch; hit; ttl=1; collapsed', { hit: true, ttl: 1, collapsed: true }],
    ['cached-fetch; detail="only-if-cached"', { detail: 'only-if-cached' }],
    ['cached-fetch; key="a \\"quoted\\" key"', { key: 'a "quoted" key' }],
  ])('%s', (header, expected) => {
    expect(parseCacheStatus(header)).toEqual({
      cache: 'cached-fetch',
      hit: false,
      stored: false,
      collapsed: false,
      ...expected,
    });
  });

  it('§2: picks the member of the named cache, the last one when repeated (closest to the user)', () => {
    const header = 'cdn; fwd=uri-miss, cached-fetch; fwd=stale, cached-fetch; hit';
    expect(parseCacheStatus(header)?.hit).toBe(true);
    expect(parseCacheStatus(header, 'cdn')).toMatchObject({ cache: 'cdn', fwd: 'uri-miss' });
  });

  it('reads back everything formatCacheStatus writes', () => {
    const header = formatCacheStatus({
      fwd: 'stale',
      fwdStatus: 304,
      stored: true,
      ttlSec: 7,
      collapsed: true,
      detail: 'timeout',
    });
    expect(parseCacheStatus(header)).toEqual({
      cache: 'cached-fetch',
      hit: false,
      fwd: 'stale',
      fwdStatus: 304,
      stored: true,
      ttl: 7,
      collapsed: true,
      detail: 'timeout',
    });
  });

  it.each([
    null,
    undefined,
    '',
    'other-cache; hit',
    'cached-fetch; detail="unterminated',
    'MISS from proxy-1',
    'cached-fetch hit',
    'proxy; detail="a, cached-fetch; hit"',
  ])('RFC 8941 §4.2: %j gives undefined (absent, another cache, or malformed)', (header) => {
    expect(parseCacheStatus(header)).toBeUndefined();
  });

  // RFC 9211 §2: each cache on the way appends its member; ours comes last. Members that are not
  // Structured Fields (as some proxies send) are skipped one by one, never blinding ours.
  it.each([
    'MISS from proxy-1, cached-fetch; hit; ttl=42',
    'HIT from squid (squid/4.10), cached-fetch; hit; ttl=42',
    'proxy; detail="a, b", cached-fetch; hit; ttl=42',
    'proxy; detail="bad \\q escape", cached-fetch; hit; ttl=42',
    'proxy; =1, ?2, , cached-fetch; hit; ttl=42',
    '{"json": true}, cached-fetch; hit; ttl=42',
    'cached-fetch; hit; ttl=42,',
  ])('reads our member after malformed upstream members: %s', (header) => {
    expect(parseCacheStatus(header)).toEqual({
      cache: 'cached-fetch',
      hit: true,
      ttl: 42,
      stored: false,
      collapsed: false,
    });
  });

  it('keeps the valid upstream members readable beside malformed ones', () => {
    const header = 'MISS from proxy-1, cdn; fwd=uri-miss, cached-fetch; fwd=vary-miss';
    expect(parseCacheStatus(header, 'cdn')).toMatchObject({ cache: 'cdn', fwd: 'uri-miss' });
    expect(parseCacheStatus(header)?.fwd).toBe('vary-miss');
  });
});
