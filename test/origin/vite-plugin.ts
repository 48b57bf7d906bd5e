// Serves the test origin on the browser project's own server too, for same-origin browser tests.
import type { Plugin } from 'vite';
import { handleOriginRequest } from './server.ts';

export function sameOriginTestOrigin(): Plugin {
  return {
    name: 'cached-fetch:same-origin-test-origin',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = req.url ?? '';
        if (path.startsWith('/__control/') || path.startsWith('/t/')) {
          handleOriginRequest(req, res).catch(next);
        } else next();
      });
    },
  };
}
