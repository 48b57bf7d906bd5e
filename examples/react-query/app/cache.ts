/// <reference types="vite/client" />
// The app's one cached fetch, as the README's recipes make it: partitioned by user (logout
// recipe), `offline: 'any'` with a `networkTimeout` (offline-first recipe: `no-cache` APIs too,
// beyond RFC 9111 §4.2.4), and the inspector on that same instance in development builds only
// (inspector recipe).
import { createCachedFetch } from 'cached-fetch';
import { session } from './session.ts';

// The app's one instance: its requests, the recipes below and the inspector all use it.
export const cachedFetch = createCachedFetch({
  partition: () => session.userId ?? 'anonymous',
  offline: 'any',
  networkTimeout: 3000,
});

// Development builds only (Vite's import.meta.env.DEV): not in the production bundle.
if (import.meta.env.DEV) {
  const { mountInspector } = await import('cached-fetch/inspector');
  mountInspector(cachedFetch.cache, document.getElementById('cache-inspector')!);
}
