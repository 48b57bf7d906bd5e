// The searchBase of an entry (No-Vary-Search, decision 0025): set by the front when it stores and by
// the IndexedDB upgrade to version 8 from the same function, so that both always agree.
import { describe, expect, it } from 'vitest';
import { searchBaseOf, urlBase } from '../../src/store/search-base';

describe('searchBaseOf', () => {
  const nvs: [string, string][] = [['no-vary-search', 'key-order']];
  it.each([
    ['https://a.test/search?q=1&r=2', 'https://a.test/search'],
    ['https://a.test/search?q=1#top', 'https://a.test/search'],
    ['https://a.test/search#top?q=1', 'https://a.test/search'],
    ['https://a.test/search?', 'https://a.test/search'],
    ['https://a.test/', 'https://a.test/'],
  ])('%s: %s', (url, expected) => {
    expect(urlBase(url)).toBe(expected);
    expect(searchBaseOf(url, { headers: nvs })).toBe(expected);
  });

  it('only for a complete response that carries the field', () => {
    const url = 'https://a.test/search?q=1';
    expect(searchBaseOf(url, { headers: [['content-type', 'text/plain']] })).toBeUndefined();
    expect(searchBaseOf(url, { headers: [] })).toBeUndefined();
    expect(searchBaseOf(url, { headers: nvs, partial: { segments: [] } })).toBeUndefined();
    // Unparsable still makes it a candidate: the lookup parses it, and ignores it.
    expect(searchBaseOf(url, { headers: [['no-vary-search', '"?"']] })).toBe(
      'https://a.test/search',
    );
  });
});
