import { describe, expect, it } from 'vitest';
import { contentLanguageAnswers, normaliseAcceptLanguage } from '../../src/policy/accept-language';

describe('RFC 9111 §4.1 normalising Accept-Language (RFC 9110 §12.5.4) keeps its meaning', () => {
  it.each([
    ['case of the ranges', 'en-US, FR', 'en-us, fr'],
    ['how a weight is written', 'fr;q=0.8, de;q=0.80', 'fr;q=0.8,de;q=0.800'],
    ['q=1 is the default weight', 'en;q=1, fr;q=1.000', 'en, fr'],
    ['ranges sent out of weight order', 'fr;q=0.5, en', 'en, fr;q=0.5'],
    ['whitespace around the weight', 'en ; q=0.5', 'en;q=0.5'],
  ])('equal: %s', (_what, a, b) => {
    expect(normaliseAcceptLanguage(a)).not.toBeNull();
    expect(normaliseAcceptLanguage(a)).toBe(normaliseAcceptLanguage(b));
  });

  it.each([
    ['different weights', 'en, fr;q=0.5', 'en;q=0.5, fr'],
    ['a range more', 'en', 'en, fr'],
    [
      'equal weights in another order (servers break ties by order: decision 0014)',
      'fr, en',
      'en, fr',
    ],
    ['a refused language (q=0) is meaningful', 'en', 'en, fr;q=0'],
  ])('different: %s', (_what, a, b) => {
    expect(normaliseAcceptLanguage(a)).not.toBe(normaliseAcceptLanguage(b));
  });

  it.each([
    ['a weight above 1', 'en;q=2'],
    ['four decimals', 'en;q=0.1234'],
    ['a parameter other than q', 'en;level=1'],
    ['a range with a space', 'en us'],
    ['a range too long', 'abcdefghi'],
  ])('not well-formed (%s): null, compared as received', (_what, value) => {
    expect(normaliseAcceptLanguage(value)).toBeNull();
  });
});

describe('RFC 9110 §12.5.4 a stored Content-Language that the request prefers most', () => {
  it.each([
    ['the only preference', 'fr', 'fr', true],
    ['case-insensitively', 'FR-ca', 'fr-CA', true],
    ['the first of the ranges of the highest weight', 'fr, de, en;q=0.5', 'fr', true],
    [
      'another range of the highest weight (the origin picks the first)',
      'de, fr, en;q=0.5',
      'fr',
      false,
    ],
    ['a range of lower weight', 'de, fr;q=0.9', 'fr', false],
    ['a prefix is not enough (a more specific variant may exist)', 'fr-ca', 'fr', false],
    ['nor a wildcard', '*', 'fr', false],
    ['everything refused', 'fr;q=0', 'fr', false],
    ['several languages in the response', 'fr', 'fr, en', false],
    ['no Content-Language', 'fr', null, false],
    ['no Accept-Language', null, 'fr', false],
    ['a malformed Accept-Language', 'fr;q=9', 'fr', false],
  ] as const)('%s', (_what, accept, content, expected) => {
    expect(contentLanguageAnswers(accept, content)).toBe(expected);
  });
});
