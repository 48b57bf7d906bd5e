// What the cache said about each resource's last response: its Cache-Status (RFC 9211), and
// whether a stored response stood in for the origin (isStandIn: the offline banner).
export interface LastResponse {
  url: string;
  cacheStatus: string;
  standIn: boolean;
}

const byUrl = new Map<string, LastResponse>();
const listeners = new Set<() => void>();
let snapshot: readonly LastResponse[] = [];

export function recordResponse(response: LastResponse): void {
  byUrl.set(response.url, response);
  snapshot = [...byUrl.values()].sort((a, b) => a.url.localeCompare(b.url));
  for (const listener of listeners) listener();
}

/** Forgets everything (at logout: nothing of that user stays on screen). */
export function forgetResponses(): void {
  byUrl.clear();
  snapshot = [];
  for (const listener of listeners) listener();
}

/** The last response of each URL, by URL (a stable array between changes). */
export function lastResponses(): readonly LastResponse[] {
  return snapshot;
}

export function subscribeToResponses(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
