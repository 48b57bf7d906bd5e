// SRI metadata as the engines' fetch parses it (decision 0020; the engines themselves are compared
// in test/browser/fetch-request-options.test.ts).
import { describe, expect, it } from 'vitest';
import { integrityRequirement, normaliseDigest } from '../../src/policy/integrity-metadata';

describe('integrity metadata (W3C SRI §3.3)', () => {
  it('the strongest algorithm named wins, with every digest given for it', () => {
    expect(integrityRequirement('sha256-AAA sha384-BBB sha384-CCC')).toEqual({
      algorithm: 'SHA-384',
      digests: ['BBB', 'CCC'],
    });
    expect(integrityRequirement('sha512-DDD sha256-AAA')).toEqual({
      algorithm: 'SHA-512',
      digests: ['DDD'],
    });
  });

  it('names are case-insensitive; options, padding and base64url are accepted', () => {
    expect(integrityRequirement('\tSHA256-ab_c-d==?opt  ')).toEqual({
      algorithm: 'SHA-256',
      digests: ['ab/c+d'],
    });
  });

  it('unknown algorithms and malformed tokens are ignored; none left: no requirement', () => {
    expect(integrityRequirement('')).toBeUndefined();
    expect(integrityRequirement('md5-AAA sha1-BBB')).toBeUndefined();
    expect(integrityRequirement('sha256 sha256- !!! sha256-AAA! sha256-A=B')).toBeUndefined();
    expect(integrityRequirement('md5-AAA sha256-BBB')).toEqual({
      algorithm: 'SHA-256',
      digests: ['BBB'],
    });
  });

  it('base64 and base64url, padded or not, compare equal', () => {
    expect(normaliseDigest('a+b/c==')).toBe(normaliseDigest('a-b_c'));
  });
});
