import { describe, expect, it } from 'vitest';
import { primaryKey, withoutFragment } from '../../src/policy/cache-key';

describe('RFC 9111 §2 primary cache key', () => {
  it('the fragment is not part of the key', () => {
    expect(primaryKey('', 'https://a.test/p?q=1#top')).toBe(primaryKey('', 'https://a.test/p?q=1'));
    expect(primaryKey('', 'https://a.test/p#')).toBe(primaryKey('', 'https://a.test/p'));
  });

  it('the query is part of the key', () => {
    expect(primaryKey('', 'https://a.test/p?q=1')).not.toBe(primaryKey('', 'https://a.test/p?q=2'));
  });

  it('partitions never share a key', () => {
    expect(primaryKey('alice', 'https://a.test/p')).not.toBe(primaryKey('bob', 'https://a.test/p'));
    expect(primaryKey('', 'https://a.test/p')).not.toBe(primaryKey('alice', 'https://a.test/p'));
  });

  it.each([
    ['a|b', 'c', 'a', 'b|c'],
    ['a","GET","x', 'y', 'a', 'x","y'],
    ['a\u0000b', 'c', 'a', 'b\u0000c'],
  ])('no partition %j + URL %j collides with partition %j + URL %j', (p1, u1, p2, u2) => {
    expect(primaryKey(p1, u1)).not.toBe(primaryKey(p2, u2));
  });

  it('withoutFragment strips from the first "#"', () => {
    expect(withoutFragment('https://a.test/p#x#y')).toBe('https://a.test/p');
    expect(withoutFragment('https://a.test/p')).toBe('https://a.test/p');
  });
});
