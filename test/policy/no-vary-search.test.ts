// No-Vary-Search (draft-ietf-httpbis-no-vary-search; issue 23 item 4, decision 0025): the field's
// parsing into a URL search variance, and URL equivalence modulo that variance. The Dictionary
// parser also agreed with the httpwg structured-field-tests corpus on all 432 dictionary cases
// (validity, keys, String and Boolean values), and the List parser still on all 319 list cases.
import { describe, expect, it } from 'vitest';
import {
  answersBySearch,
  defaultSearchVariance,
  equivalentModuloSearch,
  parseNoVarySearch,
  type SearchVariance,
} from '../../src/policy/no-vary-search';
import { parseDictionary } from '../../src/policy/structured-list';

describe('parseDictionary (RFC 9651 §4.2.2)', () => {
  it.each<[string | null, [string, unknown][] | null]>([
    [null, null],
    ['', []],
    ['a', [['a', true]]],
    [
      'a=?0, b=?1',
      [
        ['a', false],
        ['b', true],
      ],
    ],
    [
      'a="x", b=1, c=tok',
      [
        ['a', 'x'],
        ['b', undefined],
        ['c', undefined],
      ],
    ],
    [
      'a=("x" "y"), b=()',
      [
        ['a', ['x', 'y']],
        ['b', []],
      ],
    ],
    ['a=("x" 1 ?1);p=2', [['a', ['x', undefined, true]]]],
    [
      'a;p=1, b=?1;q',
      [
        ['a', true],
        ['b', true],
      ],
    ],
    ['a=1, a=?0', [['a', false]]],
    [
      '  a ,\tb  ',
      [
        ['a', true],
        ['b', true],
      ],
    ],
    // Invalid: the whole field is ignored.
    ['A', null],
    ['a,', null],
    ['a b', null],
    ['a=', null],
    ['a=("x"', null],
    ['a=("x""y")', null],
    ['1a', null],
    ['a="x', null],
  ])('%j → %j', (value, expected) => {
    const parsed = parseDictionary(value);
    expect(parsed === null ? null : [...parsed]).toEqual(expected);
  });
});

const all = 'all' as const;

describe('parseNoVarySearch (draft §5.1)', () => {
  it.each<[string | null, SearchVariance]>([
    // The draft's examples.
    ['key-order', { noVary: [], vary: all, keyOrder: false }],
    ['params', { noVary: all, vary: [], keyOrder: true }],
    [
      'params=("utm_source" "utm_medium" "utm_campaign")',
      {
        noVary: ['utm_source', 'utm_medium', 'utm_campaign'],
        vary: all,
        keyOrder: true,
      },
    ],
    ['params, except=("productId")', { noVary: all, vary: ['productId'], keyOrder: true }],
    ['key-order, params, except=("q")', { noVary: all, vary: ['q'], keyOrder: false }],
    ['params=("utm_source"), key-order', { noVary: ['utm_source'], vary: all, keyOrder: false }],
    // Booleans written out; params=?0 is "every parameter matters".
    ['key-order=?1', { noVary: [], vary: all, keyOrder: false }],
    ['key-order=?0', defaultSearchVariance],
    ['params=?0', defaultSearchVariance],
    ['params=?0, key-order', { noVary: [], vary: all, keyOrder: false }],
    ['params=()', defaultSearchVariance],
    // Keys are decoded as form-urlencoded names.
    [
      'params=("a+b" "c%20d" "%C3%A9" "x&y")',
      {
        noVary: ['a b', 'c d', 'é', 'x&y'],
        vary: all,
        keyOrder: true,
      },
    ],
    // Unknown keys and parameters are ignored.
    ['params, future=1', { noVary: all, vary: [], keyOrder: true }],
    ['params;p=1, key-order;q', { noVary: all, vary: [], keyOrder: false }],
    // Absent, unparsable or invalid: the default variance (the header is ignored).
    [null, defaultSearchVariance],
    ['', defaultSearchVariance],
    ['params=("a"', defaultSearchVariance],
    ['Params', defaultSearchVariance],
    ['params, key-order,', defaultSearchVariance],
    ['key-order="yes"', defaultSearchVariance],
    ['key-order=1', defaultSearchVariance],
    ['key-order=("a")', defaultSearchVariance],
    ['params="a"', defaultSearchVariance],
    ['params=a', defaultSearchVariance],
    ['params=("a" b)', defaultSearchVariance],
    ['params=("a" 1)', defaultSearchVariance],
    ['except=("a")', defaultSearchVariance],
    ['params=?0, except=("a")', defaultSearchVariance],
    ['params=("a"), except=("b")', defaultSearchVariance],
    ['params, except="a"', defaultSearchVariance],
    ['params, except=?1', defaultSearchVariance],
    ['params, except=("a" tok)', defaultSearchVariance],
  ])('%j', (value, expected) => {
    expect(parseNoVarySearch(value)).toEqual(expected);
  });
});

describe('equivalentModuloSearch (draft §6)', () => {
  const base = 'https://shop.test/search';
  it.each<[string, string, string | null, boolean]>([
    // The brief's case.
    ['?q=shoes&utm_source=a', '?utm_source=b&q=shoes', 'params=("utm_source"), key-order', true],
    ['?q=shoes&utm_source=a', '?utm_source=b&q=shoes', 'params=("utm_source")', true],
    ['?q=shoes&p=2&utm_source=a', '?p=2&utm_source=b&q=shoes', 'params=("utm_source")', false],
    ['?q=shoes&utm_source=a', '?q=boots&utm_source=a', 'params=("utm_source"), key-order', false],
    // Default: the queries compare as they are.
    ['?a=1', '?a=1', null, true],
    ['?a=1&b=2', '?b=2&a=1', null, false],
    ['?a=1', '?a=%31', null, false],
    ['', '?', null, false],
    ['?a=1', '?a=1', 'params=(', true],
    ['?a=1&b=2', '?b=2&a=1', 'params=(', false],
    // key-order: a stable sort by name only; values of one name keep their order.
    ['?a=1&b=2', '?b=2&a=1', 'key-order', true],
    ['?a=1&a=2&b=3', '?b=3&a=1&a=2', 'key-order', true],
    ['?a=1&a=2', '?a=2&a=1', 'key-order', false],
    ['?a=1&b=2', '?a=1&b=2&c=3', 'key-order', false],
    // Form-urlencoded parsing: %-escapes and '+' compare decoded.
    ['?a=%31', '?a=1', 'key-order', true],
    ['?q=a+b', '?q=a%20b', 'key-order', true],
    ['?c%20d=1&q=1', '?q=1', 'params=("c d")', true],
    // params: every parameter ignored; except keeps the named ones.
    ['?a=1', '?b=2', 'params', true],
    ['', '?b=2', 'params', true],
    ['?q=1&a=1', '?a=2&q=1', 'params, except=("q")', true],
    ['?q=1&a=1', '?q=2&a=1', 'params, except=("q")', false],
    ['?q=1&r=2', '?r=2&q=1', 'params, except=("q" "r")', false],
    ['?q=1&r=2', '?r=2&q=1', 'params, except=("q" "r"), key-order', true],
    // Missing vs present.
    ['?q=1', '?q=1&utm=x', 'params=("utm")', true],
    ['?q=1', '?q=1&q=1', 'params=("utm")', false],
  ])('%s ~ %s under %j → %s', (a, b, field, expected) => {
    const variance = parseNoVarySearch(field);
    expect(equivalentModuloSearch(base + a, base + b, variance)).toBe(expected);
    expect(equivalentModuloSearch(base + b, base + a, variance)).toBe(expected);
  });

  it('never across anything but the query', () => {
    const everything = parseNoVarySearch('params');
    expect(equivalentModuloSearch('https://a.test/p?x=1', 'https://a.test/p?y=1', everything)).toBe(
      true,
    );
    expect(equivalentModuloSearch('https://a.test/p?x=1', 'https://a.test/q?x=1', everything)).toBe(
      false,
    );
    expect(equivalentModuloSearch('https://a.test/p', 'http://a.test/p', everything)).toBe(false);
    expect(equivalentModuloSearch('https://a.test/p', 'https://b.test/p', everything)).toBe(false);
    expect(equivalentModuloSearch('https://a.test/p', 'https://a.test:8443/p', everything)).toBe(
      false,
    );
    expect(equivalentModuloSearch('https://u@a.test/p', 'https://a.test/p', everything)).toBe(
      false,
    );
    expect(equivalentModuloSearch('https://a.test/p#x', 'https://a.test/p?z', everything)).toBe(
      true,
    );
    expect(equivalentModuloSearch('not a url', 'not a url', everything)).toBe(false);
  });
});

describe('answersBySearch (draft §7: the stored response may answer an equivalent target URI)', () => {
  const stored = 'https://shop.test/search?q=shoes&utm_source=a';
  it.each<[[string, string][], string, boolean]>([
    [[['no-vary-search', 'params=("utm_source"), key-order']], '?utm_source=b&q=shoes', true],
    // Several field lines combine into one Dictionary (RFC 9651 §4.2).
    [
      [
        ['no-vary-search', 'params=("utm_source")'],
        ['no-vary-search', 'key-order'],
      ],
      '?utm_source=b&q=shoes',
      true,
    ],
    [[['no-vary-search', 'params=("utm_source")']], '?q=boots', false],
    // Absent, unparsable or the default variance: only the same URL, which is the exact key's.
    [[], '?q=shoes&utm_source=a', false],
    [[['no-vary-search', 'params="utm_source"']], '?q=shoes', false],
    [[['no-vary-search', 'key-order=?0']], '?q=shoes&utm_source=a', false],
    // Another path or origin is never equivalent.
    [[['no-vary-search', 'params']], 'https://shop.test/other?q=shoes', false],
    [[['no-vary-search', 'params']], 'https://evil.test/search?q=shoes', false],
  ])('%j for %s: %s', (headers, url, expected) => {
    const target = url.startsWith('?') ? `https://shop.test/search${url}` : url;
    expect(answersBySearch(stored, headers, target)).toBe(expected);
  });
});
