// A scriptable node:http origin shared by the node and browser test projects, and by benchmarks.
// Tests script a path's responses over HTTP and read back what the origin saw, so assertions can
// be about the origin (request counts, conditional headers), not only about what the caller got.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { patternBytes } from './pattern-bytes.ts';

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Body of this many bytes (filled with 'x'), instead of `body`. */
  bodyBytes?: number;
  /** Body of this many bytes where byte i is i % 251 (see `patternBytes`), instead of `body`. */
  patternBytes?: number;
  /**
   * Serve a single `bytes` Range (RFC 9110 §14) as a 206 with Content-Range, unless an If-Range
   * does not match the ETag (then the whole body, 200); 416 when unsatisfiable.
   */
  ranges?: boolean;
  /** Send the body gzip-coded (Content-Encoding: gzip; a Content-Length, if any, is the coded size). */
  gzip?: boolean;
  /**
   * Send the body chunked (no Content-Length) in slices of this many bytes, each once the socket
   * has drained and `sliceDelayMs` have passed.
   */
  sliceBytes?: number;
  /** The pause between two slices: paced so, a browser hands the body over in small chunks. */
  sliceDelayMs?: number;
  /** Answer 304 (with these headers, no body) when If-None-Match matches the ETag header. */
  conditional?: boolean;
  /** Wait before sending the head. */
  delayMs?: number;
  /** Send the head and this many body bytes, then destroy the socket. */
  breakAfterBytes?: number;
  /** Never answer (the caller must abort). */
  hang?: boolean;
  /** Destroy the socket without a response (a network error for the caller). */
  reset?: boolean;
}

export interface Script {
  path: string;
  /** Consumed in order; the last one repeats. */
  responses: ScriptedResponse[];
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** When the request's head arrived (the origin's Date.now()): for assertions on retry timing. */
  at: number;
  /** The request body's length in bytes. */
  bodyBytes: number;
  /** The body itself, base64 (up to `keptBodyBytes`), for byte-for-byte comparisons. */
  body?: string;
}

/** Bodies up to this size are kept in the log (the outbox's FormData and Blob tests). */
const keptBodyBytes = 256 * 1024;

export interface Origin {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const scripts = new Map<string, ScriptedResponse[]>();
const seen: SeenRequest[] = [];

export async function startOrigin(port = 0, host = '127.0.0.1'): Promise<Origin> {
  const server = createServer((req, res) => {
    handleOriginRequest(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actualPort}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET, HEAD, POST, PUT, DELETE, PATCH',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
    'access-control-max-age': '0',
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBytes(req)).toString('utf8');
}

async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Whether the request has a body (RFC 9112 §6.3: Content-Length or Transfer-Encoding). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export async function handleOriginRequest(
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://origin');
  const cors = corsHeaders(req);
  if (url.pathname.startsWith('/__control/')) {
    for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
    res.setHeader('cache-control', 'no-store');
    if (req.method === 'OPTIONS') return void res.end();
    if (url.pathname === '/__control/script') {
      const script = JSON.parse(await readBody(req)) as Script;
      scripts.set(script.path, [...script.responses]);
      return void res.end('ok');
    }
    if (url.pathname === '/__control/log') {
      const path = url.searchParams.get('path');
      res.setHeader('content-type', 'application/json');
      return void res.end(JSON.stringify(seen.filter((r) => path === null || r.path === path)));
    }
    if (url.pathname === '/__control/reset') {
      scripts.clear();
      seen.length = 0;
      return void res.end('ok');
    }
  }

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers[name] = value;
    else if (Array.isArray(value)) headers[name] = value.join(', ');
  }
  const request: SeenRequest = {
    method: req.method ?? 'GET',
    path: url.pathname + url.search,
    headers,
    at: Date.now(),
    bodyBytes: 0,
  };
  seen.push(request);
  // The whole body before the answer, as most servers read it: the log then holds it.
  if (hasBody(req)) {
    const body = await readBytes(req);
    request.bodyBytes = body.length;
    if (body.length <= keptBodyBytes) request.body = body.toString('base64');
  }

  if (req.method === 'OPTIONS') {
    for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
    res.statusCode = 204;
    return void res.end();
  }

  const queue = scripts.get(url.pathname + url.search) ?? scripts.get(url.pathname);
  const spec: ScriptedResponse = (queue && queue.length > 1 ? queue.shift() : queue?.[0]) ?? {
    status: 404,
    body: 'not scripted',
  };
  if (spec.delayMs) await new Promise((resolve) => setTimeout(resolve, spec.delayMs));
  if (spec.hang) return;
  if (spec.reset) return void req.socket.destroy();

  const responseHeaders = { ...cors, ...(spec.headers ?? {}) };
  const etag = Object.entries(responseHeaders).find(([name]) => name.toLowerCase() === 'etag')?.[1];
  const inm = req.headers['if-none-match'];
  if (spec.conditional && etag && inm?.split(/\s*,\s*/).includes(etag)) {
    res.writeHead(304, responseHeaders);
    return void res.end();
  }

  const plain =
    spec.patternBytes !== undefined
      ? Buffer.from(patternBytes(spec.patternBytes))
      : spec.bodyBytes !== undefined
        ? Buffer.alloc(spec.bodyBytes, 'x')
        : Buffer.from(spec.body ?? '');
  const body = spec.gzip ? gzipSync(plain) : plain;
  if (spec.gzip) responseHeaders['content-encoding'] = 'gzip';
  if (spec.ranges && req.headers.range) {
    const ifRange = req.headers['if-range'];
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range);
    if (range && (ifRange === undefined || ifRange === etag)) {
      const [, first, last] = range;
      const start = first === '' ? Math.max(0, body.length - Number(last)) : Number(first);
      const end =
        first === '' || last === '' ? body.length - 1 : Math.min(Number(last), body.length - 1);
      if (start >= body.length || (first === '' && Number(last) === 0)) {
        res.writeHead(416, { ...responseHeaders, 'content-range': `bytes */${body.length}` });
        return void res.end();
      }
      res.writeHead(206, {
        ...responseHeaders,
        'content-range': `bytes ${start}-${end}/${body.length}`,
        'content-length': String(end - start + 1),
      });
      return void res.end(body.subarray(start, end + 1));
    }
  }
  if (spec.breakAfterBytes !== undefined) {
    res.writeHead(spec.status ?? 200, {
      ...responseHeaders,
      'content-length': String(body.length),
    });
    res.write(body.subarray(0, spec.breakAfterBytes));
    setTimeout(() => req.socket.destroy(), 20);
    return;
  }
  res.writeHead(spec.status ?? 200, responseHeaders);
  if (spec.sliceBytes && req.method !== 'HEAD') {
    return writeInSlices(res, body, spec.sliceBytes, spec.sliceDelayMs ?? 0);
  }
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function writeInSlices(
  res: ServerResponse,
  body: Buffer,
  size: number,
  delayMs: number,
): Promise<void> {
  for (let offset = 0; offset < body.length && !res.destroyed; offset += size) {
    const drained = res.write(body.subarray(offset, offset + size));
    await new Promise<void>((resolve) => {
      if (drained) return void setTimeout(resolve, delayMs);
      const go = () => {
        res.off('drain', go).off('close', go);
        resolve();
      };
      res.on('drain', go).on('close', go);
    });
  }
  res.end();
}
