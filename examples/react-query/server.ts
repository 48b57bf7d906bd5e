// Serves the React + TanStack Query example: `npm run example:react` (development: Vite's dev
// middleware, the inspector loaded), `npm run example:react -- --production` (the Vite build, no
// inspector). One node:http server answers both the API (./api.ts) and the app, on one origin.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, createServer as createViteServer, type ViteDevServer } from 'vite';
import { ExampleApi } from './api.ts';

const configFile = fileURLToPath(new URL('vite.config.ts', import.meta.url));

export interface ReactQueryExampleOptions {
  /** 0 picks a free port. Default 5181. */
  port?: number;
  /** 'development' (default): Vite's dev middleware; 'production': `vite build`, then its files. */
  mode?: 'development' | 'production';
  /** Default 'info'. */
  logLevel?: 'info' | 'silent';
}

export interface ReactQueryExample {
  url: string;
  api: ExampleApi;
  /**
   * false: the origin stops accepting connections (the listening socket closed, open ones
   * dropped), so the browser's requests fail as when the network is gone; true: listens again on
   * the same port.
   */
  setReachable(reachable: boolean): Promise<void>;
  close(): Promise<void>;
}

export async function startReactQueryExample(
  options: ReactQueryExampleOptions = {},
): Promise<ReactQueryExample> {
  const api = new ExampleApi();
  const logLevel = options.logLevel ?? 'info';
  const app =
    options.mode === 'production' ? await builtFiles(logLevel) : await devMiddleware(logLevel);
  const server = createServer((req, res) => {
    if (!api.handle(req, res)) app.handle(req, res);
  });
  let port = await listen(server, options.port ?? 5181);
  let reachable = true;
  return {
    url: `http://127.0.0.1:${port}/`,
    api,
    async setReachable(next) {
      if (next === reachable) return;
      reachable = next;
      if (next) {
        port = await listen(server, port);
      } else {
        const closed = new Promise((resolve) => server.close(resolve));
        server.closeAllConnections();
        await closed;
      }
    },
    async close() {
      if (reachable) {
        const closed = new Promise((resolve) => server.close(resolve));
        server.closeAllConnections();
        await closed;
      }
      await app.close();
    },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

interface AppHandler {
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
}

/** Vite's dev server as middleware; no HMR socket, so an unreachable origin never reloads the page. */
async function devMiddleware(logLevel: 'info' | 'silent'): Promise<AppHandler> {
  const vite: ViteDevServer = await createViteServer({
    configFile,
    logLevel,
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
  });
  return {
    handle: (req, res) =>
      vite.middlewares(req, res, () => res.writeHead(404, { 'content-type': 'text/plain' }).end()),
    close: () => vite.close(),
  };
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

/** `vite build` into dist/, then its files (index.html for any other path, as an SPA). */
async function builtFiles(logLevel: 'info' | 'silent'): Promise<AppHandler> {
  // Vite's import.meta.env.DEV is true unless NODE_ENV is 'production' (vitest sets 'test'), and
  // the inspector must not be in this build: production, whoever started the server.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile, logLevel, mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const dist = fileURLToPath(new URL('dist/', import.meta.url));
  return {
    handle(req, res) {
      const path = normalize(new URL(req.url ?? '/', 'http://app').pathname);
      const file = path === '/' || !extname(path) ? 'index.html' : path;
      readFile(join(dist, file)).then(
        (body) => {
          const type = contentTypes[extname(file)] ?? 'application/octet-stream';
          res.writeHead(200, { 'content-type': type }).end(body);
        },
        () => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'),
      );
    },
    close: async () => {},
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = process.env.PORT === undefined ? undefined : Number(process.env.PORT);
  const mode = process.argv.includes('--production') ? 'production' : 'development';
  const { url } = await startReactQueryExample({ port, mode });
  console.log(
    `\n  cached-fetch React + TanStack Query example (${mode}): ${url}\n  (Ctrl+C to stop)\n`,
  );
}
