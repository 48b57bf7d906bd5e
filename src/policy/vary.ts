// Secondary keys: which stored variant a request may use (RFC 9111 §4.1). The rule a response is
// stored with is ./stored-response's, what a key says for display ./vary-values'.
import { contentLanguageAnswers, normaliseAcceptLanguage } from './accept-language';
import { varyUnmatchable } from './credentials';
import { headerValue } from './headers';
import { mostRecent } from './recency';
import { answersRedirectMode } from './redirect-mode';
import type { HeaderList, RequestSnapshot, StoredResponse, VaryRule } from './snapshot';

/** Field names, lower-cased, once each, in order: a Vary rule's names. */
export function uniqueSorted(names: string[]): string[] {
  return [...new Set(names.map((name) => name.toLowerCase()))].sort();
}

// No JSON array (what `secondaryKey` builds for names) equals this string.
export const neverMatches = '*';

/**
 * The secondary key of a request under a Vary rule: the normalised values of the fields the rule
 * names, absent (null) told apart from empty (""). Deterministic: equal keys mean a match.
 */
export function secondaryKey(rule: VaryRule, requestHeaders: HeaderList): string {
  // RFC 9111 §4.1: Vary "*" always fails to match.
  if (rule.kind === 'any') return neverMatches;
  // A hidden Vary may name any header: key on every header the request has, on both sides, so a
  // request with one more, one fewer or one different header never matches (docs/pitfalls.md #3).
  const names =
    rule.kind === 'unreadable' ? uniqueSorted(requestHeaders.map(([name]) => name)) : rule.names;
  const values = names.map((name) => {
    const value = headerValue(requestHeaders, name);
    // RFC 9111 §4.1: a field absent from both requests matches.
    return [name, value === null ? null : normaliseFieldValue(name, value)];
  });
  return JSON.stringify(values);
}

/**
 * RFC 9111 §4.1: values compare after normalisation that keeps their meaning: trim, collapse
 * whitespace, and drop whitespace around list commas (RFC 9110 §5.6.1: OWS there is insignificant).
 * Fields whose semantics the cache knows go further (Accept-Language); every other one stays exact.
 */
function normaliseFieldValue(name: string, value: string): string {
  if (name === 'accept-language') {
    const normal = normaliseAcceptLanguage(value);
    if (normal !== null) return normal;
  }
  return value.trim().replace(/\s+/g, ' ').replace(/ ?, ?/g, ',');
}

/**
 * The stored variants whose Vary rule is satisfied by this request (RFC 9111 §4.1). When none
 * matches exactly, those a Vary on Accept-Language would refuse although their Content-Language
 * is what the request prefers most (see `contentLanguageAnswers`), the other fields matching.
 */
export function matchingVariants<T extends { secondaryKey: string; response: StoredResponse }>(
  variants: readonly T[],
  request: RequestSnapshot,
): T[] {
  const usable = variants.filter(
    (variant) =>
      variant.response.vary.kind !== 'any' &&
      // Decisions 0003, 0018: scripts never see Cookie, nor the Authorization the browser adds
      // itself, so a Vary naming one cannot be matched without it (such responses are not
      // stored; this also covers anything stored before that rule).
      !(
        variant.response.vary.kind === 'names' &&
        varyUnmatchable(variant.response.vary.names, request.headers)
      ),
  );
  const exact = usable.filter(
    (variant) => secondaryKey(variant.response.vary, request.headers) === variant.secondaryKey,
  );
  if (exact.length > 0) return exact;
  return usable.filter((variant) => answeredByContentLanguage(variant, request));
}

function answeredByContentLanguage(
  variant: { secondaryKey: string; response: StoredResponse },
  request: RequestSnapshot,
): boolean {
  const { vary, headers } = variant.response;
  if (vary.kind !== 'names' || !vary.names.includes('accept-language')) return false;
  const contentLanguage = headerValue(headers, 'content-language');
  if (!contentLanguageAnswers(headerValue(request.headers, 'accept-language'), contentLanguage)) {
    return false;
  }
  // Every other field the Vary names must still match as usual.
  if (!variant.secondaryKey.startsWith('[')) return false;
  const others = (JSON.parse(variant.secondaryKey) as [string, string | null][]).filter(
    ([name]) => name !== 'accept-language',
  );
  const rule: VaryRule = { kind: 'names', names: others.map(([name]) => name) };
  return secondaryKey(rule, request.headers) === JSON.stringify(others);
}

/**
 * The stored variant that may answer this request, or undefined (a vary-miss when there were
 * variants). RFC 9111 §4.1: when several match, the most recent one; and, as fetch would answer
 * the request's redirect mode (./redirect-mode).
 */
export function selectVariant<T extends { secondaryKey: string; response: StoredResponse }>(
  variants: readonly T[],
  request: RequestSnapshot,
): T | undefined {
  return mostRecent(
    matchingVariants(variants, request).filter((variant) =>
      answersRedirectMode(variant.response, request),
    ),
  );
}
