// An invalidated stored response kept for its validator (decision 0025, RFC 9111 §4.4): never
// reused without validation, not a stand-in; a validation clears the mark and keeps the groups.
import { describe, expect, it } from 'vitest';
import { withGroups } from '../../src/policy/cache-groups';
import { freshenedResponse } from '../../src/policy/freshen';
import { keptWhenInvalidated, markedInvalidated } from '../../src/policy/invalidation';
import { decideReuse } from '../../src/policy/reuse';
import { offlineStandIn, staleIfErrorAllows } from '../../src/policy/stale-on-error';
import { toStoredResponse } from '../../src/policy/stored-response';
import { req, res, SEC, stored, T0 } from './fixtures';

const fresh = { 'cache-control': 'max-age=600, stale-if-error=600', etag: '"v1"' };

describe('an invalidated stored response (decision 0025)', () => {
  it('is kept only with a validator', () => {
    expect(keptWhenInvalidated(stored({ etag: '"a"' }))).toBe(true);
    expect(keptWhenInvalidated(stored({ 'last-modified': 'Sun, 06 Nov 1994 08:49:37 GMT' }))).toBe(
      true,
    );
    expect(keptWhenInvalidated(stored({ 'cache-control': 'max-age=60' }))).toBe(false);
  });

  it.each<RequestCache>(['default', 'force-cache', 'only-if-cached'])(
    'must be revalidated while fresh, in mode %s',
    (mode) => {
      const marked = markedInvalidated(stored(fresh));
      expect(decideReuse(stored(fresh), req({}, { mode }), T0 + SEC).kind).toBe('fresh');
      expect(decideReuse(marked, req({}, { mode }), T0 + SEC)).toEqual({
        kind: 'revalidate',
        ageMs: SEC,
        why: 'invalidated',
      });
    },
  );

  it('never stands in for the origin unvalidated (stale-if-error, offline stale)', () => {
    const marked = markedInvalidated(stored(fresh));
    expect(staleIfErrorAllows(stored(fresh), req(), T0 + SEC, { status: 503 })).toBe(true);
    expect(staleIfErrorAllows(marked, req(), T0 + SEC, { status: 503 })).toBe(false);
    expect(offlineStandIn(marked, 'stale')).toBeUndefined();
    expect(offlineStandIn(marked, 'any')).toBe('offline-any');
  });

  it('a 304 clears the mark; the groups are kept unless the 304 names others', () => {
    const parsed = toStoredResponse({
      request: req(),
      response: res({ ...fresh, 'cache-groups': '"a", "b"' }),
      statusText: 'OK',
      url: 'https://api.test/x',
      redirected: false,
      varyReadable: true,
    });
    const original = { ...parsed, ...withGroups(parsed.headers) };
    expect(original.groups).toEqual(['a', 'b']);
    const marked = markedInvalidated(original);
    const validated = freshenedResponse(marked, res({ etag: '"v1"' }, { status: 304 }));
    expect(validated.invalidated).toBeUndefined();
    expect(validated.groups).toEqual(['a', 'b']);
    const regrouped = freshenedResponse(marked, res({ 'cache-groups': '"c"' }, { status: 304 }));
    expect(regrouped.groups).toEqual(['c']);
  });
});
