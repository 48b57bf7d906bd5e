// The Node memory row's origin: a 200 MB body streamed with backpressure (identity or gzip-coded),
// and a path whose first answer is small and stale-while-revalidate, every later one 200 MB.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export const BODY_BYTES = 200 * 1024 * 1024;

export interface MemoryOrigin {
  url: string;
  close(): Promise<void>;
}

/** Writes `body` in 64 KiB slices, waiting whenever the socket's buffer is full. */
async function stream(res: ServerResponse, body: Buffer): Promise<void> {
  for (let offset = 0; offset < body.length; offset += 64 * 1024) {
    if (res.destroyed) return;
    if (!res.write(body.subarray(offset, offset + 64 * 1024))) {
      await new Promise<void>((resolve) => {
        const go = () => {
          res.off('drain', go).off('close', go);
          resolve();
        };
        res.on('drain', go).on('close', go);
      });
    }
  }
  res.end();
}

export async function startMemoryOrigin(): Promise<MemoryOrigin> {
  // JSON-like text: compressible as API responses are (gzip takes it to a few hundred KB).
  const line = Buffer.from(`${JSON.stringify({ id: 12345, name: 'item', ok: true })}\n`);
  const body = Buffer.alloc(BODY_BYTES, line);
  const gzipped = gzipSync(body, { level: 1 });
  const refreshes = new Map<string, number>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://origin');
    // No Content-Length: chunked, as a generated or proxied response is.
    const headers: Record<string, string> = { 'cache-control': 'max-age=600' };
    if (url.pathname === '/gzip') {
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip' });
      return void stream(res, gzipped);
    }
    if (url.pathname === '/refresh') {
      const seen = refreshes.get(url.search) ?? 0;
      refreshes.set(url.search, seen + 1);
      const refreshable = { 'cache-control': 'max-age=1, stale-while-revalidate=600' };
      res.writeHead(200, refreshable);
      return seen === 0 ? void res.end('small') : void stream(res, body);
    }
    res.writeHead(200, headers);
    void stream(res, body);
  });
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
