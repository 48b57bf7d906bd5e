// isStandIn: every stored response standing in for a failed origin, so a banner misses none
// (issue 26, finding 5); CacheStatus.detail typed with the values this cache writes.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type CacheStatus,
  type CacheStatusDetail,
  isStandIn,
  parseCacheStatus,
} from '../../src/index';

const member = (detail: string) => `cached-fetch; fwd=stale; detail="${detail}"`;

describe('isStandIn', () => {
  it.each(['stale-if-error', 'offline', 'timeout', 'offline-any', 'timeout-any'])(
    'a stand-in: detail="%s", from the response or its parsed status',
    (detail) => {
      const response = new Response('v1', { headers: { 'cache-status': member(detail) } });
      expect(isStandIn(response)).toBe(true);
      expect(isStandIn(parseCacheStatus(member(detail)))).toBe(true);
    },
  );

  it.each([
    ['a fresh hit', 'cached-fetch; hit; ttl=42'],
    [
      'stale-while-revalidate (served at once, refreshed)',
      'cached-fetch; hit; detail="stale-while-revalidate"',
    ],
    ['a 304', 'cached-fetch; fwd=stale; fwd-status=304; ttl=60'],
    ['another cache said offline, ours did not', 'cdn; detail="offline", cached-fetch; hit'],
  ])('not a stand-in: %s', (_what, header) => {
    const response = new Response('v1', { headers: { 'cache-status': header } });
    expect(isStandIn(response)).toBe(false);
  });

  it('no header, no status: false', () => {
    expect(isStandIn(new Response('v1'))).toBe(false);
    expect(isStandIn(undefined)).toBe(false);
    expect(isStandIn(null)).toBe(false);
  });
});

describe('CacheStatus.detail type', () => {
  it("offers the known values and still takes another cache's words", () => {
    expectTypeOf<'offline-any'>().toExtend<NonNullable<CacheStatus['detail']>>();
    expectTypeOf<'a-cdn-word'>().toExtend<NonNullable<CacheStatus['detail']>>();
    const known: CacheStatusDetail = 'stale-if-error';
    // @ts-expect-error a typo is no known detail
    const typo: CacheStatusDetail = 'stale-if-eror';
    expect([known, typo]).toHaveLength(2);
  });
});
