// Which of several stored responses is the most recent (RFC 9111 §4.1, §4.3.4).
import { headerValue, parseHttpDate } from './headers';
import type { StoredResponse } from './snapshot';

/**
 * The most recent of several stored responses: the latest Date (RFC 9111 §4.1), then the latest
 * response time; the first one listed on a tie. A missing or invalid Date counts as the response
 * time (RFC 9110 §6.6.1).
 */
export function mostRecent<T extends { response: StoredResponse }>(
  items: readonly T[],
): T | undefined {
  // One candidate (the usual hit): nothing to compare, no Date to parse on the hit path.
  if (items.length <= 1) return items[0];
  let best: T | undefined;
  let bestDate = 0;
  for (const item of items) {
    const { response } = item;
    const date =
      parseHttpDate(headerValue(response.headers, 'date'), response.responseTime) ??
      response.responseTime;
    const newer =
      best === undefined ||
      date > bestDate ||
      (date === bestDate && response.responseTime > best.response.responseTime);
    if (newer) {
      best = item;
      bestDate = date;
    }
  }
  return best;
}
