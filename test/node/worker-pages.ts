// The page server of the worker tests (workers.test.ts, workers-firefox.test.ts): the page of
// pages/worker-page.ts, its Web Worker, and the README's Service Worker recipe as /service-worker.js.
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { type PageServer, startPageServer } from './page-harness';

const file = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** 'cached-fetch' as the sources, as the recipe imports it by name. */
const packageFromSources: Plugin = {
  name: 'cached-fetch-from-sources',
  setup(build) {
    build.onResolve({ filter: /^cached-fetch$/ }, () => ({ path: file('../../src/index.ts') }));
  },
};

export function startWorkerPageServer(): Promise<PageServer> {
  return startPageServer({
    html: '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>',
    scripts: {
      '/page.js': file('./pages/worker-page.ts'),
      '/web-worker.js': file('./pages/web-worker.ts'),
      '/service-worker.js': file('../../examples/readme/service-worker.ts'),
    },
    plugins: [packageFromSources],
  });
}
