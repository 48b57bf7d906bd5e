// The validators added to a revalidation request (RFC 9111 §4.3.1, RFC 9110 §13.1).
import type { HeaderList, StoredResponse } from './snapshot';

/**
 * The conditional header fields for revalidating `selected`. If-None-Match lists the entity-tags
 * of every stored variant of the URL (RFC 9111 §4.3.1: so the origin can pick one), the selected
 * one's first, each once, weak ones too (If-None-Match uses weak comparison, RFC 9110 §13.1.2).
 * If-Modified-Since carries the selected one's Last-Modified, never its Date (RFC 9110 §13.1.3
 * lets Date stand in only when nothing better is known; we prefer no guess). Empty when there is
 * no validator.
 */
export function conditionalHeaders(
  selected: StoredResponse,
  variants: readonly StoredResponse[],
): HeaderList {
  const headers: HeaderList = [];
  const etags = new Set<string>();
  for (const response of [selected, ...variants]) {
    // Stored partial content is never a candidate for the whole response (RFC 9110 §14.2).
    if (response.partial === undefined && response.freshness.etag !== null) {
      etags.add(response.freshness.etag);
    }
  }
  // RFC 9111 §4.3.1: If-None-Match with the stored entity-tags.
  if (etags.size > 0) headers.push(['if-none-match', [...etags].join(', ')]);
  // RFC 9111 §4.3.1: If-Modified-Since with the stored Last-Modified.
  const { lastModified } = selected.freshness;
  if (lastModified !== null) headers.push(['if-modified-since', lastModified]);
  return headers;
}
