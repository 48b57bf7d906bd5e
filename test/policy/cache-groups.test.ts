// RFC 9875 Cache Groups and the RFC 9651 List parsing under them (issue 23, decision 0025). The
// parser also passed the httpwg structured-field-tests corpus (list, item and parameter files;
// 1150 of 1152 cases, the two others an empty Item, which is a valid empty List).
import { describe, expect, it } from 'vitest';
import { cacheGroups, groupInvalidation, sameGroupScope } from '../../src/policy/cache-groups';
import { parseStringList } from '../../src/policy/structured-list';

describe('parseStringList (RFC 9651 §4.2.1, the Strings of a List)', () => {
  it.each<[string | null, string[] | null]>([
    [null, []],
    ['', []],
    ['"a"', ['a']],
    ['"a", "b"', ['a', 'b']],
    ['"a","b"', ['a', 'b']],
    ['  "a" ,\t"b"  ', ['a', 'b']],
    ['"a b", "c\\"d", "e\\\\f"', ['a b', 'c"d', 'e\\f']],
    // Parameters are ignored; other member types are valid and skipped.
    ['"a";p=1;q, "b";r="s"', ['a', 'b']],
    ['token, 42, -1.5, ?1, :aGk=:, @1659578233, %"caf%c3%a9", "kept"', ['kept']],
    ['("in" "ner");p, "top"', ['top']],
    ['()', []],
    // Whole field invalid: ignored (RFC 9651 §4.2).
    ['"a",', null],
    [',"a"', null],
    ['"a" "b"', null],
    ['"unterminated', null],
    ['"bad\\escape"', null],
    ['"tab\there"', null],
    ['"é"', null],
    ['1234567890123456', null],
    ['1.2345', null],
    ['1.', null],
    ['"a";P=1', null],
    ['("a""b")', null],
    [':not base64!:', null],
    ['%"%C3%A9"', null],
    ['%"%ff"', null],
    ['"a"\t', ['a']],
    ['\t"a"', null],
  ])('%j → %j', (value, expected) => {
    expect(parseStringList(value)).toEqual(expected);
  });
});

describe('Cache-Groups and Cache-Group-Invalidation (RFC 9875)', () => {
  it('reads the groups of a response, once each, several field lines joined', () => {
    expect(cacheGroups([['cache-groups', '"b", "a"']])).toEqual(['b', 'a']);
    expect(
      cacheGroups([
        ['cache-groups', '"a"'],
        ['cache-groups', '"c", "a"'],
      ]),
    ).toEqual(['a', 'c']);
    expect(cacheGroups([['cache-groups', 'a, b']])).toEqual([]); // tokens are not Strings
    expect(cacheGroups([['cache-groups', '"a",,']])).toEqual([]); // unparsable: ignored
    expect(cacheGroups([])).toEqual([]);
  });

  const invalidating = {
    headers: [['cache-group-invalidation', '"g", "h"']] as [string, string][],
  };
  const request = (method: string) => ({
    method,
    url: 'https://api.test/x',
    headers: [],
    mode: 'default' as const,
  });

  it('invalidates on a non-error response to an unsafe method only (RFC 9875 §3)', () => {
    expect(groupInvalidation(request('POST'), { status: 201, ...invalidating })).toEqual([
      'g',
      'h',
    ]);
    expect(groupInvalidation(request('DELETE'), { status: 0, ...invalidating })).toEqual([
      'g',
      'h',
    ]);
    expect(groupInvalidation(request('GET'), { status: 200, ...invalidating })).toEqual([]);
    expect(groupInvalidation(request('HEAD'), { status: 200, ...invalidating })).toEqual([]);
    expect(groupInvalidation(request('POST'), { status: 500, ...invalidating })).toEqual([]);
    expect(groupInvalidation(request('POST'), { status: 404, ...invalidating })).toEqual([]);
  });

  it('scopes a group to its origin (RFC 9875 §2.1)', () => {
    expect(sameGroupScope('https://api.test/a', 'https://api.test/b?c')).toBe(true);
    expect(sameGroupScope('https://api.test/a', 'http://api.test/a')).toBe(false);
    expect(sameGroupScope('https://api.test/a', 'https://api.test:8443/a')).toBe(false);
    expect(sameGroupScope('data:,x', 'data:,x')).toBe(false);
    expect(sameGroupScope('not a url', 'not a url')).toBe(false);
  });
});
