import { describe, expect, it } from 'vitest';
import type { HeaderList, StoredResponse, VaryRule } from '../../src/policy/snapshot';
import { varyRule } from '../../src/policy/stored-response';
import { matchingVariants, secondaryKey, selectVariant } from '../../src/policy/vary';
import { httpDate, req, res, SEC, stored, T0 } from './fixtures';

describe('RFC 9111 §4.1 the Vary rule of a stored response', () => {
  it.each([
    ['no Vary', {}, { kind: 'names', names: [] }],
    ['an empty Vary', { vary: '' }, { kind: 'names', names: [] }],
    ['one name', { vary: 'Accept' }, { kind: 'names', names: ['accept'] }],
    [
      'names lower-cased, sorted, de-duplicated',
      { vary: 'User-Agent, accept,ACCEPT' },
      { kind: 'names', names: ['accept', 'user-agent'] },
    ],
    [
      'weird whitespace and empty members',
      { vary: ' \taccept ,, origin\t' },
      { kind: 'names', names: ['accept', 'origin'] },
    ],
    ['"*" never matches', { vary: '*' }, { kind: 'any' }],
    ['"*" among names never matches', { vary: 'accept, *' }, { kind: 'any' }],
    ['garbage (a quoted name) never matches', { vary: '"accept"' }, { kind: 'any' }],
    ['garbage (a name with a space) never matches', { vary: 'accept language' }, { kind: 'any' }],
  ] as [string, Record<string, string>, VaryRule][])('%s', (_what, headers, expected) => {
    expect(varyRule(res(headers), req(), true)).toEqual(expected);
  });

  it('several Vary lines combine', () => {
    const headers: HeaderList = [
      ['vary', 'accept'],
      ['vary', 'accept-language, accept'],
    ];
    expect(varyRule(res(headers), req(), true)).toEqual({
      kind: 'names',
      names: ['accept', 'accept-language'],
    });
  });

  it('an unreadable Vary matches on every header the request carried', () => {
    const request = req([
      ['X-Token', 'a'],
      ['accept', 'text/html'],
      ['x-token', 'b'],
    ]);
    expect(varyRule(res({ vary: 'origin' }), request, false)).toEqual({
      kind: 'unreadable',
      names: ['accept', 'x-token'],
    });
  });
});

describe('RFC 9111 §4.1 secondary keys', () => {
  const accept: VaryRule = { kind: 'names', names: ['accept', 'accept-language'] };
  const key = (headers: Record<string, string> | HeaderList, rule: VaryRule = accept) =>
    secondaryKey(rule, req(headers).headers);

  it('is the same for the same values', () => {
    expect(key({ accept: 'text/html', 'accept-language': 'en' })).toBe(
      key({ 'accept-language': 'en', accept: 'text/html', 'x-other': '1' }),
    );
  });

  it('differs for different values', () => {
    expect(key({ accept: 'text/html' })).not.toBe(key({ accept: 'application/json' }));
  });

  it.each([
    ['surrounding whitespace', 'text/html', '  text/html\t'],
    ['runs of whitespace', 'a b', 'a \t  b'],
    ['whitespace around list commas', 'a,b', 'a , b'],
  ])('compares values after normalising %s', (_what, a, b) => {
    expect(key({ accept: a })).toBe(key({ accept: b }));
  });

  it('a field absent from both requests matches', () => {
    expect(key({})).toBe(key({ 'x-other': '1' }));
  });

  it('absent differs from empty', () => {
    expect(key({})).not.toBe(key({ accept: '' }));
  });

  it('several lines of a field combine', () => {
    expect(
      key([
        ['accept', 'a'],
        ['accept', 'b'],
      ]),
    ).toBe(key({ accept: 'a, b' }));
  });

  it('no names: every request has the same key', () => {
    const none: VaryRule = { kind: 'names', names: [] };
    expect(key({ accept: 'a' }, none)).toBe(key({}, none));
  });

  it('"*": a key no names rule produces', () => {
    const any = key({}, { kind: 'any' });
    expect(any).not.toBe(key({}));
    expect(any).not.toBe(key({}, { kind: 'names', names: [] }));
  });

  it('values cannot forge another field boundary', () => {
    const two: VaryRule = { kind: 'names', names: ['a', 'b'] };
    expect(key({ a: 'x","b', b: '' }, two)).not.toBe(key({ a: 'x', b: '","b' }, two));
  });
});

function variant(
  requestHeaders: Record<string, string>,
  responseHeaders: Record<string, string>,
  responseTime = T0,
  varyReadable = true,
) {
  const request = req(requestHeaders);
  const response: StoredResponse = stored(responseHeaders, { responseTime }, request);
  if (!varyReadable) response.vary = varyRule(res(responseHeaders), request, false);
  return { secondaryKey: secondaryKey(response.vary, request.headers), response };
}

describe('RFC 9111 §4.1 selecting a stored variant', () => {
  const html = variant({ accept: 'text/html' }, { vary: 'Accept' });
  const json = variant({ accept: 'application/json' }, { vary: 'Accept' });

  it('selects the variant whose Vary values match the request', () => {
    expect(selectVariant([html, json], req({ accept: 'application/json' }))).toBe(json);
    expect(selectVariant([html, json], req({ accept: ' text/html ' }))).toBe(html);
  });

  it('selects none when no variant matches (a vary-miss)', () => {
    expect(selectVariant([html, json], req({ accept: 'image/png' }))).toBeUndefined();
    expect(selectVariant([html, json], req())).toBeUndefined();
    expect(selectVariant([], req())).toBeUndefined();
  });

  it('a stored Vary: * never matches', () => {
    const star = variant({}, { vary: '*' });
    expect(star.response.vary).toEqual({ kind: 'any' });
    expect(selectVariant([star], req())).toBeUndefined();
    expect(
      matchingVariants([{ ...star, secondaryKey: secondaryKey(star.response.vary, []) }], req()),
    ).toEqual([]);
  });

  it('an unreadable Vary is reused only for the same request headers', () => {
    const opaque = variant({ authorization: 'Bearer a' }, { vary: 'Origin' }, T0, false);
    expect(selectVariant([opaque], req({ authorization: 'Bearer a' }))).toBe(opaque);
    expect(selectVariant([opaque], req({ authorization: 'Bearer b' }))).toBeUndefined();
    expect(selectVariant([opaque], req())).toBeUndefined();
  });

  it('an unreadable Vary is not reused for a request that adds a header (pitfall 3)', () => {
    const bare = variant({}, { vary: 'Accept-Language' }, T0, false);
    expect(selectVariant([bare], req())).toBe(bare);
    expect(selectVariant([bare], req({ 'accept-language': 'fr' }))).toBeUndefined();
    const withOne = variant({ accept: 'a' }, {}, T0, false);
    expect(selectVariant([withOne], req({ accept: 'a', 'x-extra': '1' }))).toBeUndefined();
  });

  it('decision 0003: a rule naming Cookie never matches (scripts never see the Cookie)', () => {
    const byCookie = variant({}, { vary: 'Cookie' });
    expect(byCookie.response.vary).toEqual({ kind: 'names', names: ['cookie'] });
    expect(selectVariant([byCookie], req())).toBeUndefined();
  });

  it('several match: the most recent by Date', () => {
    const older = variant({}, { date: httpDate(T0 - 60 * SEC) }, T0 + 10 * SEC);
    const newer = variant({}, { date: httpDate(T0) }, T0);
    expect(selectVariant([older, newer], req())).toBe(newer);
    expect(selectVariant([newer, older], req())).toBe(newer);
  });

  it('several match with equal Dates: the most recent by response time', () => {
    const first = variant({}, { date: httpDate(T0) }, T0 + SEC);
    const second = variant({}, { date: httpDate(T0) }, T0 + 2 * SEC);
    expect(selectVariant([second, first], req())).toBe(second);
    expect(selectVariant([first, second], req())).toBe(second);
  });

  it('matchingVariants keeps every variant a request may use', () => {
    const plain = variant({}, {});
    expect(matchingVariants([html, json, plain], req({ accept: 'text/html' }))).toEqual([
      html,
      plain,
    ]);
  });
});

describe('RFC 9111 §4.1 Vary: Accept-Language, normalised as RFC 9110 §12.5.4 allows', () => {
  const french = variant(
    { 'accept-language': 'fr-CA, fr;q=0.8', accept: 'text/html' },
    { vary: 'Accept-Language, Accept', 'content-language': 'fr-CA' },
  );

  it('case and the order of equal weights select the same variant', () => {
    const request = req({ 'accept-language': 'FR-ca,fr;q=0.80', accept: 'text/html' });
    expect(selectVariant([french], request)).toBe(french);
  });

  it('a request preferring the stored Content-Language most reuses it', () => {
    const request = req({ 'accept-language': 'fr-ca, en;q=0.1', accept: 'text/html' });
    expect(selectVariant([french], request)).toBe(french);
  });

  it('but not when the other fields the Vary names differ', () => {
    const request = req({ 'accept-language': 'fr-ca', accept: 'application/json' });
    expect(selectVariant([french], request)).toBeUndefined();
  });

  it('nor when another language is preferred more', () => {
    const request = req({ 'accept-language': 'en, fr-ca;q=0.9', accept: 'text/html' });
    expect(selectVariant([french], request)).toBeUndefined();
  });

  it('an exact match wins over a Content-Language match', () => {
    const exact = variant(
      { 'accept-language': 'fr-ca', accept: 'text/html' },
      { vary: 'Accept-Language, Accept', 'content-language': 'fr-CA' },
      T0 - 10 * SEC,
    );
    const request = req({ 'accept-language': 'fr-ca', accept: 'text/html' });
    expect(matchingVariants([french, exact], request)).toEqual([exact]);
  });

  it('other fields stay exact: Accept is not reordered', () => {
    const accept = variant({ accept: 'a, b' }, { vary: 'Accept' });
    expect(selectVariant([accept], req({ accept: 'b, a' }))).toBeUndefined();
  });
});
