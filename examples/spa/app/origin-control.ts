// Talks to the example origin's control endpoint, with the browser's own fetch: these calls are
// demo plumbing, not app requests, so they neither go through the cache nor show in the panel.
export interface OriginControl {
  isOffline(): Promise<boolean>;
  setOffline(offline: boolean): Promise<void>;
}

export function originControl(networkFetch: typeof fetch): OriginControl {
  return {
    async isOffline() {
      const response = await networkFetch('/__origin', { cache: 'no-store' });
      return ((await response.json()) as { offline: boolean }).offline;
    },
    async setOffline(offline) {
      await networkFetch('/__origin', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ offline }),
      });
    },
  };
}
