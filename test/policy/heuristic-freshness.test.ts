import { describe, expect, it } from 'vitest';
import { currentAgeMs, isFreshAtAge } from '../../src/policy/age';
import { mayAssignHeuristic, withHeuristicLifetime } from '../../src/policy/heuristic-freshness';
import { httpDate, SEC, stored, T0 } from './fixtures';

/** The predicate at `now`: fresh while the lifetime exceeds the current age. */
const isFreshAt = (response: Parameters<typeof currentAgeMs>[0], now: number) =>
  isFreshAtAge(response, currentAgeMs(response, now));

const date = httpDate(T0);

describe('RFC 9111 §4.2.2 a heuristic lifetime chosen by the user', () => {
  // biome-ignore format: one case per line reads as a table
  it.each([
    ['no caching headers',                    200, {},                                                true],
    ['Last-Modified only (built-in heuristic)', 200, { 'last-modified': httpDate(T0 - 3600 * SEC) },   true],
    ['§4.2.1 max-age is explicit',            200, { 'cache-control': 'max-age=0' },                  false],
    ['§4.2.1 Expires is explicit',            200, { expires: date },                                 false],
    ['§4.2.1 an invalid Expires is explicit', 200, { expires: '0' },                                  false],
    ['§5.2.2.4 no-cache',                     200, { 'cache-control': 'no-cache' },                   false],
    ['a 404 is heuristically cacheable',      404, {},                                                true],
    ['a 403 is not',                          403, {},                                                false],
    ['unless public',                         403, { 'cache-control': 'public' },                     true],
  ])('%s', (_what, status, headers, expected) => {
    expect(mayAssignHeuristic(stored({ date, ...headers }, { status }))).toBe(expected);
  });

  it('the lifetime is heuristic and governs freshness', () => {
    const response = withHeuristicLifetime(stored({ date }), 300);
    expect(response.freshness).toMatchObject({ lifetimeMs: 300_000, heuristic: true });
    expect(isFreshAt(response, T0 + 299 * SEC)).toBe(true);
    expect(isFreshAt(response, T0 + 300 * SEC)).toBe(false);
  });
});
