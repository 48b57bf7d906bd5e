import { describe, expect, it } from 'vitest';
import { freshenedResponse, headUpdate, selectForFreshening } from '../../src/policy/freshen';
import type { HeaderList, StoredResponse } from '../../src/policy/snapshot';
import { httpDate, res, SEC, stored, T0 } from './fixtures';

const lm = 'Sun, 06 Nov 1994 08:49:37 GMT';
const otherLm = 'Mon, 07 Nov 1994 08:49:37 GMT';

const v = (name: string, headers: Record<string, string>, responseTime = T0) => ({
  name,
  response: stored(headers, { requestTime: responseTime, responseTime }),
});
const names = (items: { name: string }[]) => items.map((item) => item.name);
const notModified = (headers: Record<string, string> | HeaderList, at = T0 + 100 * SEC) =>
  res(headers, { status: 304, requestTime: at - SEC, responseTime: at });

describe('RFC 9111 §4.3.4 Freshening Stored Responses upon Validation: selection', () => {
  const strongA1 = v('strongA1', { etag: '"a"' }, T0);
  const strongA2 = v('strongA2', { etag: '"a"' }, T0 + SEC);
  const weakA = v('weakA', { etag: 'W/"a"' }, T0 + 2 * SEC);
  const strongB = v('strongB', { etag: '"b"', 'last-modified': lm });
  const lmOnly = v('lmOnly', { 'last-modified': lm }, T0 + 3 * SEC);
  const none = v('none', {});
  const all = [strongA1, strongA2, weakA, strongB, lmOnly, none];

  // biome-ignore format: one case per line reads as a table
  it.each([
    ['a strong ETag selects every stored response with that strong ETag', { etag: '"a"' },             all,                  ['strongA1', 'strongA2']],
    ['a strong ETag matching none selects none',                          { etag: '"z"' },             all,                  []],
    ['a strong ETag never matches a weak stored one',                     { etag: '"a"' },             [weakA],              []],
    ['a weak ETag selects the most recent weak match',                    { etag: 'W/"a"' },           all,                  ['weakA']],
    ['a weak ETag matches strong stored ones too (weak comparison)',      { etag: 'W/"a"' },           [strongA1, strongA2], ['strongA2']],
    ['a weak ETag matching none selects none',                            { etag: 'W/"z"' },           all,                  []],
    ['an ETag we cannot read selects none',                               { etag: '"a", "b"' },        all,                  []],
    ['an ETag we cannot read selects none, even a lone response',         { etag: '"a", "b"' },        [none],               []],
    ['Last-Modified (a weak validator) selects the most recent match',    { 'last-modified': lm },     all,                  ['lmOnly']],
    ['Last-Modified matching none selects none',                          { 'last-modified': otherLm }, all,                 []],
    ['an invalid Last-Modified selects none',                             { 'last-modified': 'soon' }, [none],               []],
    ['no validators, one stored without validators: that one',            {},                          [none],               ['none']],
    ['no validators, several stored: none',                               {},                          [none, v('none2', {})], []],
    ['no validators, one stored with an ETag: none',                      {},                          [strongB],            []],
    ['no validators, nothing stored: none',                               {},                          [],                   []],
    // Deviation (see freshen.ts): a 304 need not repeat Last-Modified, and cross-origin may hide it.
    ['no validators, one stored with only Last-Modified: that one',       {},                          [lmOnly],             ['lmOnly']],
  ])('%s', (_what, headers, variants, expected) => {
    expect(names(selectForFreshening(variants, notModified(headers)))).toEqual(expected);
  });

  it('deviation: a 304 with no validator at all freshens the response that was revalidated', () => {
    expect(names(selectForFreshening([strongB, none], notModified({}), strongB))).toEqual([
      'strongB',
    ]);
    // Any validator on the 304 is honoured as usual, whatever was revalidated.
    expect(names(selectForFreshening([strongB], notModified({ etag: '"z"' }), strongB))).toEqual(
      [],
    );
    expect(
      names(selectForFreshening([strongB], notModified({ 'last-modified': 'soon' }), strongB)),
    ).toEqual([]);
  });
});

describe('RFC 9111 §3.2 Updating Stored Header Fields', () => {
  const original = stored(
    [
      ['date', httpDate(T0)],
      ['cache-control', 'max-age=60'],
      ['content-type', 'text/html'],
      ['content-length', '1234'],
      ['content-encoding', 'gzip'],
      ['etag', '"a"'],
      ['x-a', 'one'],
      ['x-a', 'two'],
      ['age', '5'],
      ['x-kept', 'kept'],
    ],
    { requestTime: T0 - SEC, responseTime: T0 },
  );
  const at = T0 + 3600 * SEC;

  function freshen(headers: HeaderList): StoredResponse {
    return freshenedResponse(original, notModified(headers, at));
  }

  it('every field of the 304 replaces the stored field of that name, in place; new ones follow', () => {
    const result = freshen([
      ['date', httpDate(at)],
      ['cache-control', 'max-age=120'],
      ['x-a', 'three'],
      ['x-new', 'new'],
      ['etag', '"a"'],
    ]);
    expect(result.headers).toEqual([
      ['date', httpDate(at)],
      ['cache-control', 'max-age=120'],
      ['content-type', 'text/html'],
      ['content-length', '1234'],
      ['content-encoding', 'gzip'],
      ['etag', '"a"'],
      ['x-a', 'three'],
      ['x-kept', 'kept'],
      ['x-new', 'new'],
    ]);
  });

  it.each([
    ['content-length', '0'],
    ['content-encoding', 'br'],
    ['content-range', 'bytes 0-1/2'],
    ['connection', 'close'],
    ['keep-alive', 'timeout=5'],
    ['transfer-encoding', 'chunked'],
    ['upgrade', 'h2c'],
    ['te', 'trailers'],
    ['proxy-connection', 'keep-alive'],
    // Per-client state (./stored-headers): never merged into what is stored for everyone.
    ['set-cookie', 'session=visitor-1'],
    ['Set-Cookie2', 'session=visitor-1'],
  ])('%s from the 304 does not replace the stored one', (name, value) => {
    const result = freshen([[name, value]]);
    expect(result.headers.filter(([field]) => field === name)).toEqual(
      original.headers.filter(([field]) => field === name),
    );
  });

  it('a field the 304 lists in Connection is not taken', () => {
    const result = freshen([
      ['connection', 'x-hop'],
      ['x-hop', '1'],
    ]);
    expect(result.headers.some(([name]) => name === 'x-hop')).toBe(false);
  });

  it('a field whose name differs only in case still replaces', () => {
    const result = freshen([['X-A', 'three']]);
    expect(result.headers.filter(([name]) => name.toLowerCase() === 'x-a')).toEqual([
      ['X-A', 'three'],
    ]);
  });

  it('the stored Age and Date are dropped when the 304 has none (they describe the old message)', () => {
    const result = freshen([['cache-control', 'max-age=120']]);
    expect(result.headers.some(([name]) => name === 'age' || name === 'date')).toBe(false);
    expect(result.freshness.correctedInitialAgeMs).toBe(SEC);
  });

  it("the 304's Age replaces the stored one and counts in the new age", () => {
    const result = freshen([
      ['date', httpDate(at)],
      ['age', '30'],
    ]);
    expect(result.headers.filter(([name]) => name === 'age')).toEqual([['age', '30']]);
    expect(result.freshness.correctedInitialAgeMs).toBe(31 * SEC);
  });

  it('request and response times become those of the 304; freshness is recomputed', () => {
    const result = freshen([
      ['date', httpDate(at)],
      ['cache-control', 'max-age=120, must-revalidate'],
    ]);
    expect(result.requestTime).toBe(at - SEC);
    expect(result.responseTime).toBe(at);
    expect(result.freshness).toMatchObject({
      lifetimeMs: 120 * SEC,
      mustRevalidate: true,
      etag: '"a"',
    });
  });

  it('the stored freshness stays when the 304 says nothing new, measured from the 304', () => {
    const result = freshen([['date', httpDate(at)]]);
    expect(result.freshness.lifetimeMs).toBe(60 * SEC);
    expect(result.freshness.correctedInitialAgeMs).toBe(SEC);
  });

  it('status, status text, URL, redirect flag and Vary rule stay', () => {
    const withVary = {
      ...original,
      status: 203,
      statusText: 'X',
      url: 'https://e.test/r',
      redirected: true,
    };
    withVary.vary = { kind: 'names', names: ['accept'] };
    const result = freshenedResponse(withVary, notModified([['vary', 'origin']], at));
    expect(result).toMatchObject({
      status: 203,
      statusText: 'X',
      url: 'https://e.test/r',
      redirected: true,
      vary: { kind: 'names', names: ['accept'] },
    });
    // Decision 0006: the redirect rule survives freshening (a 304 must not lift it).
    expect(result.freshness.noCache).toBe(true);
  });

  it('leaves the stored response alone', () => {
    const before = structuredClone(original);
    freshen([['x-a', 'three']]);
    expect(original).toEqual(before);
  });
});

describe('RFC 9111 §4.3.5 Freshening Responses with HEAD', () => {
  const a = v('a', { etag: '"a"', 'last-modified': lm, 'content-length': '10' });
  const b = v('b', { etag: '"b"', 'content-length': '10' });
  const bare = v('bare', { 'content-length': '10' });
  const head = (headers: Record<string, string>, status = 200) =>
    res(headers, { status, requestTime: T0 + 10 * SEC, responseTime: T0 + 10 * SEC });
  const split = (result: { freshen: { name: string }[]; invalidate: { name: string }[] }) => ({
    freshen: names(result.freshen),
    invalidate: names(result.invalidate),
  });

  // biome-ignore format: one case per line reads as a table
  it.each([
    ['matching ETag freshens, a different ETag invalidates',    { etag: '"a"' },                           ['a'], ['b', 'bare']],
    ['matching ETag and Last-Modified',                         { etag: '"a"', 'last-modified': lm },      ['a'], ['b', 'bare']],
    ['matching ETag but a different Last-Modified invalidates', { etag: '"a"', 'last-modified': otherLm }, [],    ['a', 'b', 'bare']],
    ['matching Last-Modified alone',                            { 'last-modified': lm },                   ['a'], ['b', 'bare']],
    ['an invalid Last-Modified matches nothing',                { 'last-modified': 'soon' },               [],    ['a', 'b', 'bare']],
    ['matching Content-Length too',                             { etag: '"b"', 'content-length': '10' },   ['b'], ['a', 'bare']],
    ['a different Content-Length invalidates',                  { etag: '"a"', 'content-length': '11' },   [],    ['a', 'b', 'bare']],
    ['no validators confirm nothing: all invalidated',          { 'content-length': '10' },                [],    ['a', 'b', 'bare']],
  ])('%s', (_what, headers, freshen, invalidate) => {
    expect(split(headUpdate([a, b, bare], head(headers)))).toEqual({ freshen, invalidate });
  });

  it('a stored response without Content-Length is invalidated by a HEAD that has one', () => {
    const noLength = v('noLength', { etag: '"a"' });
    expect(split(headUpdate([noLength], head({ etag: '"a"', 'content-length': '10' })))).toEqual({
      freshen: [],
      invalidate: ['noLength'],
    });
  });

  it.each([204, 304, 404, 500])('a %d to HEAD changes nothing', (status) => {
    expect(split(headUpdate([a, b], head({ etag: '"x"' }, status)))).toEqual({
      freshen: [],
      invalidate: [],
    });
  });

  it('a matching HEAD response updates headers as a 304 does', () => {
    const result = freshenedResponse(
      a.response,
      head({ etag: '"a"', 'cache-control': 'max-age=5' }),
    );
    expect(result.freshness.lifetimeMs).toBe(5 * SEC);
    expect(result.headers).toContainEqual(['content-length', '10']);
  });
});
