// Vite config of the example SPA: the app, plus its API origin as middleware of the same server.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { exampleOrigin } from './origin.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [exampleOrigin()],
  // The app imports the package by name, as an installed app would; here it is the source.
  resolve: {
    alias: {
      'cached-fetch/inspector': `${repoRoot}/src/inspector/index.ts`,
      'cached-fetch/stores': `${repoRoot}/src/stores.ts`,
      'cached-fetch': `${repoRoot}/src/index.ts`,
    },
  },
  // Its own cache dir, so it never disturbs the test runner's Vite.
  cacheDir: `${repoRoot}/node_modules/.vite/example-spa`,
  // Known up front, so a first visit never triggers Vite's "new dependency, reloading" reload.
  optimizeDeps: { include: ['idb'] },
  // No CORS middleware: its `Vary: Origin` would land on every API response the cache stores.
  server: { host: '127.0.0.1', port: 5180, cors: false, fs: { allow: [repoRoot] } },
});
