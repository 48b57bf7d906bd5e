// Vite config of the React + TanStack Query example (served by ./server.ts, which adds the API).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  // The app imports the package by name, as an installed app would; here it is the source.
  resolve: {
    alias: {
      'cached-fetch/inspector': `${repoRoot}/src/inspector/index.ts`,
      'cached-fetch/stores': `${repoRoot}/src/stores.ts`,
      'cached-fetch': `${repoRoot}/src/index.ts`,
    },
  },
  // Its own cache dir, so it never disturbs the test runner's Vite or the other example's.
  cacheDir: `${repoRoot}/node_modules/.vite/example-react-query`,
  // Known up front, so a first visit never triggers Vite's "new dependency, reloading" reload.
  optimizeDeps: {
    include: ['idb', 'react', 'react-dom/client', 'react/jsx-dev-runtime', '@tanstack/react-query'],
  },
  server: { fs: { allow: [repoRoot] } },
  build: { outDir: 'dist', emptyOutDir: true },
});
