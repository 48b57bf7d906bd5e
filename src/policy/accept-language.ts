// Accept-Language (RFC 9110 §12.5.4) as the cache reads it: a normal form for Vary (RFC 9111 §4.1)
// and whether a stored response's Content-Language is what the request prefers most.
import { splitList } from './headers';

interface Preference {
  /** The language-range, lower-cased (RFC 4647 §2.1: ranges compare case-insensitively). */
  range: string;
  /** The qvalue in thousandths (RFC 9110 §12.4.2: at most three decimals). */
  weight: number;
}

// RFC 4647 §2.1 language-range; RFC 9110 §12.4.2 weight = OWS ";" OWS "q=" qvalue.
const member =
  /^(\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)(?:\s*;\s*q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?))?$/i;

/** The preferences of an Accept-Language value, or null when any member is not well-formed. */
function preferences(value: string): Preference[] | null {
  const parsed: Preference[] = [];
  for (const text of splitList(value)) {
    const match = member.exec(text);
    if (!match) return null;
    const weight = match[2] === undefined ? 1000 : Math.round(Number(match[2]) * 1000);
    parsed.push({ range: (match[1] as string).toLowerCase(), weight });
  }
  return parsed;
}

/**
 * RFC 9111 §4.1 lets a cache normalise a field value in ways its specification says keep the
 * meaning: case of language ranges (RFC 4647 §2.1), how a qvalue is written (`q=1` is no weight,
 * `0.80` is `0.8`), and ranges ordered by weight (RFC 9110 §12.4.2: the weight orders
 * preferences). Ranges of equal weight keep the order they were sent in: servers break ties by it
 * (the `negotiator` package behind Express does), so `fr, en` and `en, fr` are different requests
 * (decision 0014). Null when the value is not well-formed: it is then compared as received.
 */
export function normaliseAcceptLanguage(value: string): string | null {
  const parsed = preferences(value);
  if (parsed === null) return null;
  // Array.prototype.sort is stable: equal weights stay in the order they were sent.
  parsed.sort((a, b) => b.weight - a.weight);
  // Weight 1 is written as no weight: the normal form of `en` is `en` (readable in the inspector).
  return parsed
    .map(({ range, weight }) => (weight === 1000 ? range : `${range};q=${weight / 1000}`))
    .join(',');
}

/**
 * Whether a stored response in `contentLanguage` is what an origin choosing by weight would send
 * for this Accept-Language: the response names one language, and it is the request's most
 * preferred range (the highest weight above 0, the first sent among equals), exactly (no prefix or
 * wildcard matching: a more specific variant the cache has not seen might exist).
 */
export function contentLanguageAnswers(
  acceptLanguage: string | null,
  contentLanguage: string | null,
): boolean {
  const languages = splitList(contentLanguage);
  if (acceptLanguage === null || languages.length !== 1) return false;
  const parsed = preferences(acceptLanguage);
  if (parsed === null || parsed.length === 0) return false;
  const top = Math.max(...parsed.map((preference) => preference.weight));
  if (top === 0) return false;
  const language = (languages[0] as string).toLowerCase();
  return parsed.find((preference) => preference.weight === top)?.range === language;
}
