// Which final responses make the stored responses of their URL unusable (docs/decisions/0019).
import { describe, expect, it } from 'vitest';
import { refusesStored } from '../../src/policy/refusal';
import type { HeaderList } from '../../src/policy/snapshot';
import { storability } from '../../src/policy/storability';
import { req, res } from './fixtures';

function refuses(
  status: number,
  headers: HeaderList,
  method = 'GET',
  requestHeaders: HeaderList = [],
) {
  const request = req(requestHeaders, { method });
  const response = res(headers, { status });
  return refusesStored(request, status, storability(request, response, 'basic'));
}

describe('refusesStored: the origin refused what is stored', () => {
  it.each([
    [200, [['cache-control', 'no-store']]],
    [404, [['cache-control', 'no-store']]],
    [410, [['cache-control', 'no-store']]],
    [200, [['vary', 'Accept, *']]],
    [
      200,
      [
        ['vary', 'Cookie'],
        ['cache-control', 'max-age=60'],
      ],
    ],
    [299, [['cache-control', 'must-understand, no-store, max-age=60']]],
    [401, []],
    [403, []],
    [401, [['cache-control', 'no-store']]],
    [
      403,
      [
        ['cache-control', 'no-store'],
        ['vary', '*'],
      ],
    ],
  ] as Array<[number, HeaderList]>)('%i %j refuses', (status, headers) => {
    expect(refuses(status, headers)).toBe(true);
  });

  it('a HEAD answered 403 refuses too (access is refused to the resource)', () => {
    expect(refuses(403, [], 'HEAD')).toBe(true);
  });
});

describe('refusesStored: what is no refusal', () => {
  it.each([
    ['a storable 200', 200, [['cache-control', 'max-age=60']]],
    ['a heuristically cacheable 404 (stored: it replaces by being stored)', 404, []],
    ['a storable 403 (private: stored, it replaces)', 403, [['cache-control', 'private']]],
    ['a 500 with no-store (stale-if-error answers it)', 500, [['cache-control', 'no-store']]],
    ['a 503 with no-store', 503, [['cache-control', 'no-store']]],
    ['a 429 with no-store (throttled: transient)', 429, [['cache-control', 'no-store']]],
    ['a 408 with no-store', 408, [['cache-control', 'no-store']]],
    ['a 302 without freshness (nothing said about the stored one)', 302, [['location', '/x']]],
    ['a 400 without freshness', 400, []],
  ] as Array<[string, number, HeaderList]>)('%s', (_, status, headers) => {
    expect(refuses(status, headers)).toBe(false);
  });

  it('a response kept from storage by the request alone (request no-store)', () => {
    expect(
      refuses(200, [['cache-control', 'max-age=60']], 'GET', [['cache-control', 'no-store']]),
    ).toBe(false);
  });

  it('a response to an unsafe method (RFC 9111 §4.4 handles those, never on errors)', () => {
    expect(refuses(403, [['cache-control', 'no-store']], 'POST')).toBe(false);
  });
});
