// Stored partial content (RFC 9111 §3.3, §3.4): which stored 206 a Range request may use, when a
// new 206 may be combined with it, and the heads of the responses built from stored bytes.

import { type ByteRange, contentRange, unsatisfiedRange } from './byte-ranges';
import { freshenedResponse } from './freshen';
import { partialPrefix } from './partial-key';
import { mostRecent } from './recency';
import type { HeaderList, ResponseSnapshot, StoredResponse, VaryRule } from './snapshot';
import { parseEntityTag, strongMatch } from './validators';
import { secondaryKey } from './vary';

/**
 * The secondary key of stored partial content. It never equals a complete response's key (those
 * are JSON arrays), so a request without Range can never select a stored 206 (RFC 9110 §14.2), and
 * partial content and a complete response of the same URL and Vary are kept side by side.
 */
export function partialSecondaryKey(rule: VaryRule, requestHeaders: HeaderList): string {
  return partialPrefix + secondaryKey(rule, requestHeaders);
}

/** The stored partial content whose Vary this request satisfies (RFC 9111 §4.1), most recent first. */
export function selectPartial<T extends { secondaryKey: string; response: StoredResponse }>(
  variants: readonly T[],
  requestHeaders: HeaderList,
): T | undefined {
  return mostRecent(
    variants.filter(
      (variant) =>
        variant.response.partial !== undefined &&
        variant.response.vary.kind !== 'any' &&
        partialSecondaryKey(variant.response.vary, requestHeaders) === variant.secondaryKey,
    ),
  );
}

/**
 * RFC 9111 §3.4: a new 206 may be combined with stored parts only when both carry the same strong
 * validator (RFC 9110 §8.8.3.2: strong comparison; a weak or missing one never combines) and
 * describe a representation of the same length; and (decision 0018) when both were fetched with
 * the same credentials: else one user's bytes would be served to the other as hits. The new part
 * then replaces the stored ones.
 */
export function combinable(stored: StoredResponse, incoming: StoredResponse): boolean {
  return (
    strongMatch(parseEntityTag(stored.freshness.etag), parseEntityTag(incoming.freshness.etag)) &&
    stored.partial?.completeLength === incoming.partial?.completeLength &&
    stored.credentials === incoming.credentials
  );
}

/**
 * RFC 9111 §3.4: the stored head after combining with a new 206: its header fields replace the
 * stored ones as a 304's do (§3.2, §4.3.4), with the new set of byte ranges.
 */
export function combinedHead(
  stored: StoredResponse,
  incoming: ResponseSnapshot,
  segments: ByteRange[],
): StoredResponse {
  const head = freshenedResponse(stored, incoming);
  return { ...head, partial: { completeLength: stored.partial?.completeLength ?? null, segments } };
}

const rangeFields = new Set(['content-length', 'content-range']);

function withRangeFields(headers: HeaderList, added: HeaderList): HeaderList {
  return [...headers.filter(([name]) => !rangeFields.has(name.toLowerCase())), ...added];
}

/**
 * RFC 9111 §3.4: stored parts that now hold the whole representation are stored as the complete
 * 200 response they add up to (no Content-Range; Content-Length the complete length).
 */
export function completedResponse(stored: StoredResponse, completeLength: number): StoredResponse {
  const { partial: _parts, ...rest } = stored;
  const headers = withRangeFields(stored.headers, [['content-length', String(completeLength)]]);
  return { ...rest, status: 200, statusText: 'OK', headers };
}

/**
 * RFC 9110 §14.2, §15.3.7: the head of a 206 served from stored bytes (a complete 200 or stored
 * parts): the stored header fields, with the Content-Range and Content-Length of this range.
 */
export function rangeResponseHead(
  stored: StoredResponse,
  range: ByteRange,
  completeLength: number | null,
): StoredResponse {
  const { partial: _parts, ...rest } = stored;
  const headers = withRangeFields(stored.headers, [
    ['content-range', contentRange(range, completeLength)],
    ['content-length', String(range.end - range.start + 1)],
  ]);
  return { ...rest, status: 206, statusText: 'Partial Content', headers };
}

/** RFC 9110 §15.5.17: the head of a 416 for a range the stored complete length cannot satisfy. */
export function unsatisfiableHead(stored: StoredResponse, completeLength: number): StoredResponse {
  const { partial: _parts, ...rest } = stored;
  const headers = withRangeFields(stored.headers, [
    ['content-range', unsatisfiedRange(completeLength)],
  ]);
  return { ...rest, status: 416, statusText: 'Range Not Satisfiable', headers };
}
