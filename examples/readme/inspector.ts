/// <reference types="vite/client" />
// README "Inspector" (kept verbatim; test/readme.test.ts checks README against this file). The
// reference above gives `import.meta.env` its type, as a Vite app's own env.d.ts does.
import { createCachedFetch } from 'cached-fetch';

// The app's one instance: its requests, the recipes below and the inspector all use it.
export const cachedFetch = createCachedFetch({ offline: 'any', networkTimeout: 3000 });

// Development builds only (Vite's import.meta.env.DEV): not in the production bundle.
if (import.meta.env.DEV) {
  const { mountInspector } = await import('cached-fetch/inspector');
  mountInspector(cachedFetch.cache, document.getElementById('cache-inspector')!);
}
