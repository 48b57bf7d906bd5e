import { describe, expect, it } from 'vitest';
import { invalidationTargets, isUnsafeMethod } from '../../src/policy/invalidation';
import { req } from './fixtures';

const url = 'https://example.com/items/1?x=1#frag';

function targets(
  status: number,
  headers: Record<string, string> = {},
  method = 'POST',
  requestUrl = url,
) {
  return invalidationTargets(req({}, { method, url: requestUrl }), {
    status,
    headers: Object.entries(headers),
  });
}

describe('RFC 9110 §9.2.1 safe methods', () => {
  it.each([
    ['GET', false],
    ['HEAD', false],
    ['OPTIONS', false],
    ['TRACE', false],
    ['POST', true],
    ['PUT', true],
    ['DELETE', true],
    ['PATCH', true],
    ['FROB', true],
  ])('%s unsafe: %s (unknown methods count as unsafe)', (method, unsafe) => {
    expect(isUnsafeMethod(method)).toBe(unsafe);
  });
});

describe('RFC 9111 §4.4 Invalidating Stored Responses', () => {
  it.each(['GET', 'HEAD', 'OPTIONS', 'TRACE'])(
    'a safe method (%s) invalidates nothing',
    (method) => {
      expect(targets(200, { location: '/items/2' }, method)).toEqual([]);
    },
  );

  it.each([200, 201, 204, 301, 303, 399])(
    'a non-error status (%d) invalidates the target URI',
    (status) => {
      expect(targets(status)).toEqual(['https://example.com/items/1?x=1']);
    },
  );

  it.each([100, 400, 404, 409, 500, 503])(
    'an error or interim status (%d) invalidates nothing',
    (status) => {
      expect(targets(status, { location: '/items/2' })).toEqual([]);
    },
  );

  it('an opaque response (status 0) may have succeeded: it invalidates the target URI', () => {
    expect(targets(0)).toEqual(['https://example.com/items/1?x=1']);
  });

  it('same-origin Location and Content-Location too, resolved against the request URL, fragments stripped', () => {
    expect(targets(201, { location: '/items/2#top', 'content-location': 'sub/../3' })).toEqual([
      'https://example.com/items/1?x=1',
      'https://example.com/items/2',
      'https://example.com/items/3',
    ]);
  });

  it.each([
    ['another host', 'https://other.example/items/2'],
    ['another scheme', 'http://example.com/items/2'],
    ['another port', 'https://example.com:8443/items/2'],
    ['a scheme-relative URL to another host', '//evil.example/items/2'],
    ['a data: URL', 'data:text/plain,hi'],
  ])('a cross-origin Location (%s) is not invalidated', (_what, location) => {
    expect(targets(201, { location, 'content-location': location })).toEqual([
      'https://example.com/items/1?x=1',
    ]);
  });

  it('each URI once', () => {
    expect(targets(200, { location: url, 'content-location': '/items/1?x=1' })).toEqual([
      'https://example.com/items/1?x=1',
    ]);
  });

  it('an unparseable Location is skipped', () => {
    expect(targets(200, { location: 'http://[bad' })).toEqual(['https://example.com/items/1?x=1']);
  });

  it('an unparseable request URL is still invalidated as given, without resolving anything', () => {
    expect(targets(200, { location: '/items/2' }, 'POST', 'not a url#x')).toEqual(['not a url']);
  });
});
