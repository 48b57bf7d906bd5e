// networkTimeout (Workbox's networkTimeoutSeconds): a revalidation whose response head is late is
// answered from storage where a stored response may stand in, and finishes in the background.
import type { NetworkResult } from '../network/network';
import type { Outcome } from '../response/outcome';

/** The network result, or undefined when `ms` pass first (the request itself goes on). */
export function headWithin(
  pending: Promise<NetworkResult>,
  ms: number,
): Promise<NetworkResult | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    pending.finally(() => clearTimeout(timer)).then(resolve, reject);
  });
}

/**
 * Waits until a background revalidation's outcome is done with: a new body stored (or discarded,
 * its network stopped once too big to store), an unread body cancelled. Rejects for a server error, which left the stale response in place, so
 * that it is reported (a HEAD or a no-store 200 is fine).
 */
export async function settleInBackground(outcome: Outcome): Promise<void> {
  if (outcome.kind === 'stream') {
    // Nobody subscribes: the store reads the body (up to maxEntryBytes), then the network stops.
    outcome.broadcast.unread();
    await outcome.broadcast.complete;
  }
  if (outcome.kind === 'direct') {
    void outcome.response.body?.cancel().catch(() => {});
    const { status } = outcome.response;
    if (status >= 500) throw new Error(`background revalidation got ${status}`);
  }
}
