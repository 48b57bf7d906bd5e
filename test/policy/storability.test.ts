import { describe, expect, it } from 'vitest';
import type { HeaderList } from '../../src/policy/snapshot';
import { storability } from '../../src/policy/storability';
import { httpDate, req, res, T0 } from './fixtures';

const storable = { storable: true };

function check(
  headers: Record<string, string>,
  {
    status = 200,
    method = 'GET',
    type = 'basic',
    requestHeaders = {} as Record<string, string>,
  } = {},
) {
  return storability(req(requestHeaders, { method }), res(headers, { status }), type);
}

describe('RFC 9111 §3 Storing Responses in Caches', () => {
  it.each(['HEAD', 'POST', 'OPTIONS'])('only GET responses are stored: not %s', (method) => {
    expect(check({ 'cache-control': 'max-age=60' }, { method })).toEqual({
      storable: false,
      reason: 'method',
    });
  });

  it.each([0, 100, 101, 103, 199, 600, 999])('the status must be final: not %d', (status) => {
    expect(check({ 'cache-control': 'max-age=60' }, { status })).toEqual({
      storable: false,
      reason: 'status',
    });
  });

  it('206 is not stored: partial content is not implemented', () => {
    expect(check({ 'cache-control': 'max-age=60' }, { status: 206 })).toEqual({
      storable: false,
      reason: 'partial-content',
    });
  });

  it('a 304 is never stored as such', () => {
    expect(check({ 'cache-control': 'max-age=60' }, { status: 304 })).toEqual({
      storable: false,
      reason: 'not-modified',
    });
  });

  it.each([
    ['no-store', {}],
    ['max-age=60, no-store', {}],
    ['public, NO-STORE', {}],
    ['no-store="x"', {}],
  ])('§5.2.2.5 response no-store is never stored: %s', (cacheControl) => {
    expect(check({ 'cache-control': cacheControl })).toEqual({
      storable: false,
      reason: 'no-store',
    });
  });

  it('§5.2.1.5 request no-store: the response is not stored either', () => {
    expect(
      check({ 'cache-control': 'max-age=60' }, { requestHeaders: { 'cache-control': 'no-store' } }),
    ).toEqual({ storable: false, reason: 'request-no-store' });
  });

  it.each(['opaque', 'opaqueredirect'])(
    'Fetch: an %s response is never stored (unreadable)',
    (type) => {
      expect(check({ 'cache-control': 'max-age=60' }, { type })).toEqual({
        storable: false,
        reason: 'opaque',
      });
    },
  );

  it.each(['basic', 'cors', 'default'])('a %s response may be stored', (type) => {
    expect(check({ 'cache-control': 'max-age=60' }, { type })).toEqual(storable);
  });

  it.each([
    ['max-age', { 'cache-control': 'max-age=60' }],
    ['max-age=0', { 'cache-control': 'max-age=0' }],
    ['an invalid max-age (stored, but stale)', { 'cache-control': 'max-age="60"' }],
    ['Expires', { expires: 'Mon, 01 Jan 2024 00:00:00 GMT' }],
    ['an invalid Expires (stored, but stale)', { expires: '0' }],
    ['public', { 'cache-control': 'public' }],
    ['private (we are a private cache)', { 'cache-control': 'private' }],
    [
      'no-cache with max-age (store, but always revalidate)',
      { 'cache-control': 'no-cache, max-age=60' },
    ],
  ])('a 299 is storable with explicit freshness: %s', (_what, headers) => {
    expect(check(headers, { status: 299 })).toEqual(storable);
  });

  it.each([200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501])(
    'RFC 9110 §15.1 heuristically cacheable status %d is storable without freshness information',
    (status) => {
      expect(check({}, { status })).toEqual(storable);
    },
  );

  it.each([201, 202, 302, 303, 307, 400, 403, 500, 502, 503, 504])(
    '%d without explicit freshness is not storable',
    (status) => {
      expect(check({}, { status })).toEqual({
        storable: false,
        reason: 'no-freshness-information',
      });
    },
  );

  it('no-cache alone on a heuristically cacheable status is storable (store, revalidate on use)', () => {
    expect(check({ 'cache-control': 'no-cache' })).toEqual(storable);
  });

  it('s-maxage is ignored: it gives a private cache no freshness', () => {
    expect(check({ 'cache-control': 's-maxage=60' }, { status: 302 })).toEqual({
      storable: false,
      reason: 'no-freshness-information',
    });
  });

  it('§5.2.2.3 must-understand with a status we do not understand is not stored', () => {
    expect(check({ 'cache-control': 'must-understand, max-age=60' }, { status: 299 })).toEqual({
      storable: false,
      reason: 'must-understand',
    });
    expect(check({ 'cache-control': 'must-understand, max-age=60' }, { status: 200 })).toEqual(
      storable,
    );
  });

  describe('RFC 9110 §9.3.3 a POST response reusable for a later GET', () => {
    const post = (headers: Record<string, string>) =>
      storability(req({}, { method: 'POST' }), res(headers), 'basic');

    it.each([
      [
        'max-age and the same Content-Location',
        { 'cache-control': 'max-age=60', 'content-location': 'https://example.com/a' },
      ],
      [
        'Expires and a relative Content-Location',
        { expires: httpDate(T0 + 60_000), 'content-location': '/a' },
      ],
      [
        'a Content-Location with a fragment',
        { 'cache-control': 'max-age=60', 'content-location': '/a#x' },
      ],
    ])('is stored with %s', (_what, headers) => {
      expect(post(headers)).toEqual(storable);
    });

    it.each([
      ['no Content-Location', { 'cache-control': 'max-age=60' }],
      ['another URI', { 'cache-control': 'max-age=60', 'content-location': '/b' }],
      [
        'only heuristic freshness',
        { 'last-modified': httpDate(T0 - 86_400_000), 'content-location': '/a' },
      ],
      ['public without a lifetime', { 'cache-control': 'public', 'content-location': '/a' }],
      ['no-store', { 'cache-control': 'max-age=60, no-store', 'content-location': '/a' }],
      [
        'two Content-Locations',
        [
          ['cache-control', 'max-age=60'],
          ['content-location', '/a'],
          ['content-location', '/a'],
        ] as HeaderList,
      ],
    ])('is not stored with %s', (_what, headers) => {
      expect(post(headers as Record<string, string>).storable).toBe(false);
    });
  });

  it('§5.2.2.3 must-understand with an understood status is stored despite no-store', () => {
    expect(check({ 'cache-control': 'no-store, must-understand, max-age=60' })).toEqual(storable);
    expect(check({ 'cache-control': 'must-understand, no-store' }, { status: 404 })).toEqual(
      storable,
    );
  });

  it('§5.2.2.3 must-understand with a status we do not understand keeps no-store', () => {
    expect(
      check({ 'cache-control': 'no-store, must-understand, max-age=60' }, { status: 299 }),
    ).toEqual({
      storable: false,
      reason: 'must-understand',
    });
  });

  it('§5.2.1.5 must-understand does not override the request no-store', () => {
    const verdict = storability(
      req({ 'cache-control': 'no-store' }),
      res({ 'cache-control': 'must-understand, no-store, max-age=60' }),
      'basic',
    );
    expect(verdict).toEqual({ storable: false, reason: 'request-no-store' });
  });

  it.each(['*', 'accept, *', ' * '])('§4.1 Vary: %j never matches, so it is not stored', (vary) => {
    expect(check({ 'cache-control': 'max-age=60', vary })).toEqual({
      storable: false,
      reason: 'vary-star',
    });
  });

  it.each(['Cookie', 'accept, cookie'])(
    '§4.1 Vary: %j needs a Cookie scripts never see, so it is not stored (another user could get it)',
    (vary) => {
      expect(check({ 'cache-control': 'max-age=60', vary })).toEqual({
        storable: false,
        reason: 'vary-cookie',
      });
    },
  );

  it('no-store spread over two Cache-Control lines is still seen', () => {
    const headers: HeaderList = [
      ['cache-control', 'max-age=60'],
      ['cache-control', 'no-store'],
    ];
    expect(storability(req(), res(headers), 'basic')).toEqual({
      storable: false,
      reason: 'no-store',
    });
  });
});
