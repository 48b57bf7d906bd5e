import { describe, expect, it } from 'vitest';
import { classifyRequest, type RequestClass } from '../../src/policy/request-class';
import { req } from './fixtures';

const cacheable = (readStored = true, onlyIfCached = false): RequestClass => ({
  kind: 'cacheable',
  readStored,
  onlyIfCached,
});

describe('RFC 9111 §4.4 unsafe methods go to the network, then invalidate', () => {
  // 'get': methods are case-sensitive (RFC 9110 §9.1); Fetch upper-cases the standard ones.
  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'CONNECT', 'PROPFIND', 'get'])(
    '%s is unsafe',
    (method) => {
      expect(classifyRequest(req({}, { method }))).toEqual({ kind: 'unsafe' });
    },
  );
});

describe('RFC 9111 §3 only GET is stored: OPTIONS and TRACE pass through', () => {
  it.each(['OPTIONS', 'TRACE'])('%s bypasses the cache', (method) => {
    expect(classifyRequest(req({ 'cache-control': 'no-store' }, { method }))).toEqual({
      kind: 'bypass',
      reason: 'method',
    });
  });

  it.each(['GET', 'HEAD'])('%s may be served by the cache', (method) => {
    expect(classifyRequest(req({}, { method }))).toEqual(cacheable());
  });
});

describe('RFC 9111 §5.2.1.5 request no-store and Fetch mode no-store: neither read nor write', () => {
  it.each([
    ['mode no-store', {}, 'no-store'],
    ['Cache-Control: no-store', { 'cache-control': 'no-store' }, 'default'],
    ['Cache-Control: NO-STORE among others', { 'cache-control': 'max-age=0, NO-STORE' }, 'default'],
    ['no-store even with mode force-cache', { 'cache-control': 'no-store' }, 'force-cache'],
  ] as const)('%s bypasses', (_what, headers, mode) => {
    expect(classifyRequest(req(headers, { mode }))).toEqual({ kind: 'bypass', reason: 'no-store' });
  });

  it('Pragma: no-store is not a thing: still cacheable', () => {
    expect(classifyRequest(req({ pragma: 'no-store' }))).toEqual(cacheable());
  });
});

describe("Fetch: the caller's own conditional request passes through untouched", () => {
  it.each(['if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range'])(
    '%s bypasses',
    (name) => {
      expect(classifyRequest(req({ [name]: '"x"' }))).toEqual({
        kind: 'bypass',
        reason: 'conditional',
      });
    },
  );

  it('an empty If-None-Match still marks the request conditional', () => {
    expect(classifyRequest(req([['if-none-match', '']]))).toEqual({
      kind: 'bypass',
      reason: 'conditional',
    });
  });
});

describe('RFC 9110 §14.2 Range requests', () => {
  it('one byte range may be answered by the cache', () => {
    expect(classifyRequest(req({ range: 'bytes=0-99' }))).toEqual({
      kind: 'range',
      range: { kind: 'from', first: 0, last: 99 },
      readStored: true,
      onlyIfCached: false,
    });
  });

  it.each([
    ['several ranges', 'GET', 'bytes=0-1, 5-6'],
    ['another unit', 'GET', 'items=0-1'],
    ['an invalid range', 'GET', 'bytes=5-1'],
    ['HEAD (Range is for GET)', 'HEAD', 'bytes=0-1'],
  ])('%s pass through', (_what, method, range) => {
    expect(classifyRequest(req({ range }, { method }))).toEqual({
      kind: 'bypass',
      reason: 'range',
    });
  });
});

describe('Fetch cache modes and RFC 9111 §5.2.1.7 only-if-cached', () => {
  it.each([
    ['default', {}, cacheable()],
    ['no-cache', {}, cacheable()],
    ['force-cache', {}, cacheable()],
    ['reload', {}, cacheable(false)],
    ['only-if-cached', {}, cacheable(true, true)],
    ['default', { 'cache-control': 'only-if-cached' }, cacheable(true, true)],
    ['reload', { 'cache-control': 'only-if-cached' }, cacheable(false, true)],
  ] as const)('mode %s with %j', (mode, headers, expected) => {
    expect(classifyRequest(req(headers, { mode }))).toEqual(expected);
  });
});
