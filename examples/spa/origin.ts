// The example's API origin, served by Vite's dev server: JSON with validators and short lifetimes,
// and a switch that takes the API "offline" (connections dropped, as when the network is gone).
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

/** How long products stay fresh: short, so a reload a few seconds later shows a 304. */
export const productsMaxAgeSec = 2;

/** What the origin answered, for the browser test to check against the panel. */
export interface OriginRequest {
  method: string;
  path: string;
  status: number;
  ifNoneMatch: string | null;
  /** A write's Idempotency-Key (cached-fetch's outbox sends one with every write it may queue). */
  idempotencyKey?: string | null;
}

export interface OriginState {
  offline: boolean;
  requests: OriginRequest[];
}

interface Resource {
  cacheControl: string;
  body: () => unknown;
}

const products = [
  { id: 1, name: 'Espresso cup', category: 'Kitchen', price: 9.5, stock: 12 },
  { id: 2, name: 'Pour-over kettle', category: 'Kitchen', price: 48, stock: 3 },
  { id: 3, name: 'Linen apron', category: 'Textiles', price: 32, stock: 7 },
  { id: 4, name: 'Oak cutting board', category: 'Kitchen', price: 56, stock: 0 },
  { id: 5, name: 'Wool throw', category: 'Textiles', price: 89, stock: 5 },
  { id: 6, name: 'Stoneware bowl', category: 'Tableware', price: 18, stock: 21 },
];

const resources: Record<string, Resource> = {
  '/api/products': { cacheControl: `max-age=${productsMaxAgeSec}`, body: () => products },
  '/api/categories': {
    cacheControl: 'max-age=60',
    body: () => [...new Set(products.map((p) => p.category))],
  },
  '/api/me': { cacheControl: 'private, max-age=300', body: () => ({ name: 'Ada Lovelace' }) },
};

/** Simulated network latency, so the panel shows what a hit saves in time too. */
const latencyMs = 120;
const startedAt = new Date();
const state: OriginState = { offline: false, requests: [] };

function answer(req: IncomingMessage, res: ServerResponse, resource: Resource): void {
  const body = Buffer.from(JSON.stringify(resource.body()));
  const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
  const ifNoneMatch = req.headers['if-none-match'] ?? null;
  const matches = ifNoneMatch?.split(/\s*,\s*/).some((tag) => tag === etag || tag === '*') ?? false;
  const status = matches ? 304 : 200;
  state.requests.push({ method: req.method ?? 'GET', path: req.url ?? '', status, ifNoneMatch });
  res.writeHead(status, {
    'cache-control': resource.cacheControl,
    etag,
    'last-modified': startedAt.toUTCString(),
    ...(matches ? {} : { 'content-type': 'application/json', 'content-length': body.length }),
  });
  res.end(matches || req.method === 'HEAD' ? undefined : body);
}

/**
 * POST /api/products adds a product (201). It honours Idempotency-Key as the README advises: a
 * key it has applied is answered again without adding twice.
 */
const applied = new Map<string, unknown>();
async function create(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
  let product = key === null ? undefined : applied.get(key);
  if (!product) {
    const { name } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { name: string };
    const id = Math.max(...products.map((p) => p.id)) + 1;
    product = { id, name: String(name), category: 'Kitchen', price: 24, stock: 1 };
    products.push(product as (typeof products)[number]);
    if (key !== null) applied.set(key, product);
  }
  state.requests.push({
    method: 'POST',
    path: req.url ?? '',
    status: 201,
    ifNoneMatch: null,
    idempotencyKey: key,
  });
  res.writeHead(201, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(product));
}

async function control(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'POST') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { offline } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { offline: boolean };
    state.offline = offline;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(state));
}

/** The API (`/api/*`) and its control endpoint (`/__origin`), as middleware of Vite's server. */
export function exampleOrigin(): Plugin {
  return {
    name: 'cached-fetch-example:origin',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = new URL(req.url ?? '/', 'http://origin').pathname;
        if (path === '/__origin') {
          control(req, res).catch(next);
          return;
        }
        if (!path.startsWith('/api/')) return next();
        // Offline: drop the connection without a response, which fetch reports as a network error.
        if (state.offline) return void req.socket.destroy();
        if (path === '/api/products' && req.method === 'POST') {
          setTimeout(() => create(req, res).catch(next), latencyMs);
          return;
        }
        const resource = resources[path];
        if (!resource || (req.method !== 'GET' && req.method !== 'HEAD')) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          return;
        }
        setTimeout(() => answer(req, res, resource), latencyMs);
      });
    },
  };
}
