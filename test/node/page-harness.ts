// A page server for the page tests (tabs, inspector, workers): serves an HTML page and scripts
// bundled with esbuild, and, on the same origin, the scriptable test origin (test/origin/server.ts)
// under /t/, /__control/ and /api/.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { type OriginClient, originClient } from '../origin/client';
import { handleOriginRequest } from '../origin/server';

export interface PageServer {
  url: string;
  origin: OriginClient;
  /**
   * Really offline for the pages: stops listening and drops every open connection, so that each
   * request fails as against a server that is gone (the port refuses connections).
   */
  down(): Promise<void>;
  /** Listens again on the same port (same origin for the pages) after `down()`. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export interface PageServerOptions {
  /** The page's HTML. */
  html: string;
  /** Scripts to serve, by path (e.g. '/page.js'): a TypeScript entry file, bundled. */
  scripts: Record<string, string>;
  /** esbuild plugins for the bundles (e.g. to resolve 'cached-fetch'). */
  plugins?: Plugin[];
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Resolves 'cached-fetch' and 'cached-fetch/inspector' to the sources, as the tsconfig paths do. */
export const packageByName: Plugin = {
  name: 'cached-fetch-by-name',
  setup(build) {
    build.onResolve({ filter: /^cached-fetch(\/inspector)?$/ }, ({ path }) => ({
      path: `${repoRoot}/src/${path === 'cached-fetch' ? 'index.ts' : 'inspector/index.ts'}`,
    }));
  },
};

/** `entry` and what it imports, as one ES module for the browser. */
export async function bundle(entry: string, plugins: Plugin[]): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins,
  });
  return result.outputFiles[0]!.text;
}

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const plugins = options.plugins ?? [packageByName];
  const scripts = new Map<string, string>();
  for (const [path, entry] of Object.entries(options.scripts)) {
    scripts.set(path, await bundle(entry, plugins));
  }
  return servePages(options.html, scripts);
}

/** Handles a request itself (return true), or leaves it to the test origin (false). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Serves `html` at `/` and `scripts` (already bundled) by path; then `route`; then the test
 * origin under /t/, /__control/ and /api/; else 404. `close()` drops every open connection too:
 * the origin is gone.
 */
export async function servePages(
  html: string,
  scripts: ReadonlyMap<string, string>,
  route: RouteHandler = () => false,
): Promise<PageServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    const script = scripts.get(path);
    if (path === '/' || script !== undefined) {
      res.writeHead(200, {
        'content-type': path === '/' ? 'text/html' : 'text/javascript',
        'cache-control': 'no-store',
      });
      return void res.end(path === '/' ? html : script);
    }
    if (route(req, res)) return;
    if (path.startsWith('/t/') || path.startsWith('/__control/') || path.startsWith('/api/')) {
      handleOriginRequest(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    res.writeHead(404, { 'cache-control': 'no-store' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url,
    origin: originClient(url),
    down: stop,
    up: () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      }),
    close() {
      closed ??= stop();
      return closed;
    },
  };
}
