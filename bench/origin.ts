// The bench origin: a fixed-route node:http server on 127.0.0.1 that serves the bench page too,
// so every fetch the page makes is same-origin. It counts hits per path+query.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BodySize,
  bodySizes,
  etagFor,
  freshPath,
  hitsPath,
  noContentPath,
  noStorePath,
  pagePath,
  pageScriptPath,
  slowChunkBytes,
  slowChunkCount,
  slowChunkDelayMs,
  slowPath,
  stalePath,
  writePath,
  writeStatePath,
} from './routes.ts';

export interface BenchOrigin {
  url: string;
  close(): Promise<void>;
}

interface Route {
  body: Buffer;
  headers: Record<string, string>;
  slow?: boolean;
  status?: number;
}

function jsonBody(bytes: number): Buffer {
  const items = Array.from({ length: 8 }, (_, i) => ({
    id: i,
    name: `item ${i}`,
    ok: i % 2 === 0,
  }));
  const head = JSON.stringify({ items, pad: '' });
  return Buffer.from(head.replace('"pad":""', `"pad":"${'p'.repeat(bytes - head.length)}"`));
}

function opaqueBody(bytes: number): Buffer {
  const body = Buffer.alloc(bytes);
  let x = 2463534242;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    body[i] = x & 0xff;
  }
  return body;
}

function buildRoutes(): Map<string, Route> {
  const routes = new Map<string, Route>();
  for (const size of Object.keys(bodySizes) as BodySize[]) {
    const bytes = bodySizes[size];
    const body = size === '1k' ? jsonBody(bytes) : opaqueBody(bytes);
    const type = size === '1k' ? 'application/json' : 'application/octet-stream';
    const add = (path: string, cacheControl: string) =>
      routes.set(path, {
        body,
        headers: { 'content-type': type, 'cache-control': cacheControl, etag: etagFor(path) },
      });
    add(freshPath(size), 'max-age=3600');
    add(stalePath(size), 'max-age=0');
    add(noStorePath(size), 'no-store');
  }
  routes.set(noContentPath, {
    body: Buffer.alloc(0),
    headers: { 'cache-control': 'max-age=3600', etag: etagFor(noContentPath) },
    status: 204,
  });
  routes.set(slowPath, {
    body: opaqueBody(slowChunkBytes * slowChunkCount),
    headers: {
      'content-type': 'application/octet-stream',
      'cache-control': 'max-age=3600',
      etag: etagFor(slowPath),
    },
    slow: true,
  });
  return routes;
}

function sendSlowly(res: ServerResponse, body: Buffer): void {
  let chunk = 0;
  const next = () => {
    if (res.destroyed) return;
    res.write(body.subarray(chunk * slowChunkBytes, (chunk + 1) * slowChunkBytes));
    chunk++;
    if (chunk < slowChunkCount) setTimeout(next, slowChunkDelayMs);
    else res.end();
  };
  next();
}

export async function startBenchOrigin(page: {
  html: string;
  script: () => string;
}): Promise<BenchOrigin> {
  const routes = buildRoutes();
  const hits = new Map<string, number>();
  let writesDown = false;
  /** Milliseconds /write waits before it answers (writeStatePath?latency=N). */
  let writesLatencyMs = 0;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://bench');
    if (url.pathname === pagePath || url.pathname === pageScriptPath) {
      const isPage = url.pathname === pagePath;
      res.writeHead(200, {
        'content-type': isPage ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
        // Cross-origin isolation: 5 µs performance.now() resolution instead of 100 µs.
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
      return void res.end(isPage ? page.html : page.script());
    }
    if (url.pathname === hitsPath) {
      const prefix = url.searchParams.get('prefix') ?? '';
      let count = 0;
      for (const [key, n] of hits) if (key.startsWith(prefix)) count += n;
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return void res.end(JSON.stringify(count));
    }
    if (url.pathname === writeStatePath) {
      writesDown = url.searchParams.get('down') === '1';
      writesLatencyMs = Number(url.searchParams.get('latency') ?? 0);
      res.writeHead(204, { 'cache-control': 'no-store' });
      return void res.end();
    }
    if (url.pathname === writePath) {
      const key = url.pathname + url.search;
      hits.set(key, (hits.get(key) ?? 0) + 1);
      req.resume(); // the body is not kept
      // `up=1`: a write sent directly, answered as if the origin were up while the outbox's writes
      // still get 503 (so the outbox's own retry timer drains nothing before its timed flush).
      const status = writesDown && url.searchParams.get('up') !== '1' ? 503 : 201;
      const answer = () => {
        res.writeHead(status, { 'cache-control': 'no-store' });
        res.end();
      };
      // Standing for a network round trip (the outbox's drain over a real network).
      return void (writesLatencyMs > 0 ? setTimeout(answer, writesLatencyMs) : answer());
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, { 'cache-control': 'max-age=3600' });
      return void res.end();
    }
    const key = url.pathname + url.search;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    const route = routes.get(url.pathname);
    if (!route) {
      res.writeHead(404, { 'cache-control': 'no-store' });
      return void res.end('no such bench route');
    }
    const headers = { ...route.headers, 'content-length': String(route.body.length) };
    if (req.headers['if-none-match'] === route.headers.etag) {
      res.writeHead(304, route.headers);
      return void res.end();
    }
    if (route.status === 204) {
      res.writeHead(204, route.headers);
      return void res.end();
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    if (route.slow) return sendSlowly(res, route.body);
    res.end(route.body);
  };

  const server = createServer(handle);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
