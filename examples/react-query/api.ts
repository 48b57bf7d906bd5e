// The example's API as a node:http handler: the three kinds of resource an app meets.
//   GET  /api/orders    `no-cache` + ETag: validated on every use (a 304 when unchanged)
//   GET  /api/products  `max-age`: served from the cache without the network while fresh
//   POST /api/orders    adds an order; the cache invalidates GET /api/orders (RFC 9111 §4.4)
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long the products stay fresh: longer than the browser test, so a reload is a hit. */
export const productsMaxAgeSec = 300;

export interface Order {
  id: number;
  product: string;
}

/** One request as the API saw it, for the browser test to check what reached the origin. */
export interface ApiRequest {
  method: string;
  path: string;
  status: number;
  ifNoneMatch: string | null;
}

const products = ['Espresso cup', 'Pour-over kettle', 'Linen apron', 'Oak cutting board'];

export class ExampleApi {
  readonly requests: ApiRequest[] = [];
  private readonly orders: Order[] = [{ id: 1, product: 'Linen apron' }];

  /** Answers `/api/*` and returns true, or returns false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const path = new URL(req.url ?? '/', 'http://api').pathname;
    if (!path.startsWith('/api/')) return false;
    if (path === '/api/orders' && req.method === 'POST') {
      this.addOrder(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' }).end('bad order');
      });
    } else if (path === '/api/orders' && req.method === 'GET') {
      this.answer(req, res, 'no-cache', this.orders);
    } else if (path === '/api/products' && req.method === 'GET') {
      this.answer(req, res, `max-age=${productsMaxAgeSec}`, products);
    } else {
      this.log(req, 404);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
    return true;
  }

  private answer(req: IncomingMessage, res: ServerResponse, cacheControl: string, data: unknown) {
    const body = Buffer.from(JSON.stringify(data));
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    const ifNoneMatch = req.headers['if-none-match'] ?? null;
    const unchanged = ifNoneMatch?.split(/\s*,\s*/).includes(etag) ?? false;
    this.log(req, unchanged ? 304 : 200);
    if (unchanged) {
      res.writeHead(304, { 'cache-control': cacheControl, etag }).end();
      return;
    }
    res.writeHead(200, {
      'cache-control': cacheControl,
      etag,
      'content-type': 'application/json',
      'content-length': body.length,
    });
    res.end(body);
  }

  private async addOrder(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { product } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { product: string };
    const order = { id: this.orders.length + 1, product: String(product) };
    this.orders.push(order);
    this.log(req, 201);
    res.writeHead(201, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(order));
  }

  private log(req: IncomingMessage, status: number): void {
    const ifNoneMatch = req.headers['if-none-match'] ?? null;
    const path = new URL(req.url ?? '/', 'http://api').pathname;
    this.requests.push({ method: req.method ?? 'GET', path, status, ifNoneMatch });
  }
}
