import { describe, expect, it } from 'vitest';
import { describeFreshness } from '../../src/policy/freshness';
import { toStoredResponse } from '../../src/policy/stored-response';
import { req, res, SEC, T0 } from './fixtures';

describe('RFC 9111 §3.1, §4.1, §4.2 building a stored response', () => {
  const request = req({ accept: 'text/html', 'x-token': 'a' });
  const response = res(
    [
      ['connection', 'x-hop'],
      ['x-hop', '1'],
      ['cache-control', 'max-age=60'],
      ['vary', 'Accept'],
      ['etag', '"a"'],
      ['transfer-encoding', 'chunked'],
    ],
    { status: 203, requestTime: T0 - SEC, responseTime: T0 },
  );
  const args = {
    request,
    response,
    statusText: 'Partial',
    url: 'https://e.test/r',
    redirected: true,
  };

  it('drops hop-by-hop fields, parses freshness, takes the Vary rule, keeps the rest', () => {
    expect(toStoredResponse({ ...args, varyReadable: true })).toEqual({
      status: 203,
      statusText: 'Partial',
      url: 'https://e.test/r',
      redirected: true,
      requestTime: T0 - SEC,
      responseTime: T0,
      headers: [
        ['cache-control', 'max-age=60'],
        ['vary', 'Accept'],
        ['etag', '"a"'],
      ],
      freshness: describeFreshness(response, true),
      vary: { kind: 'names', names: ['accept'] },
    });
  });

  it('decision 0006: a response reached through a redirect is stored no-cache, without a stale-while-revalidate window', () => {
    const swr = res([['cache-control', 'max-age=60, stale-while-revalidate=30']]);
    const direct = toStoredResponse({
      ...args,
      response: swr,
      redirected: false,
      varyReadable: true,
    });
    expect(direct.freshness).toMatchObject({ noCache: false, staleWhileRevalidateMs: 30 * SEC });
    const redirected = toStoredResponse({ ...args, response: swr, varyReadable: true });
    expect(redirected.freshness).toMatchObject({
      noCache: true,
      staleWhileRevalidateMs: 0,
      lifetimeMs: 60 * SEC,
    });
  });

  it('an unreadable Vary matches on every request header', () => {
    expect(toStoredResponse({ ...args, varyReadable: false }).vary).toEqual({
      kind: 'unreadable',
      names: ['accept', 'x-token'],
    });
  });

  it('a field listed in Connection never reaches freshness', () => {
    const hidden = res([
      ['connection', 'cache-control'],
      ['cache-control', 'max-age=60'],
    ]);
    const result = toStoredResponse({ ...args, response: hidden, varyReadable: true });
    expect(result.headers).toEqual([]);
    expect(result.freshness.lifetimeMs).toBe(0);
  });
});
