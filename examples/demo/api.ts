// The demo API: its resources and the caching headers it sends. Plain data in, a reply out; the
// HTTP server around it (origin.ts) does the I/O and the counting.
import { createHash } from 'node:crypto';
import { httpDate } from './clock';
import { mediaPath, mediaReply } from './media';

export interface ApiRequest {
  method: string;
  path: string;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
  body: string;
}

export interface ApiReply {
  status: number;
  headers: Record<string, string>;
  /** Empty for a 304. */
  body: string;
}

interface Product {
  id: number;
  name: string;
  price: number;
  updatedAt: number;
}

const greetings: Record<string, string> = {
  en: 'Welcome to the shop!',
  fr: 'Bienvenue dans la boutique !',
  de: 'Willkommen im Laden!',
};

const json = { 'content-type': 'application/json; charset=utf-8' };

/** RFC 9110 §8.8.3: a strong validator for these exact bytes. */
function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`;
}

function seconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** RFC 9110 §13.1.1, §13.1.3, §13.2.2: If-None-Match wins; If-Modified-Since only without it. */
function notModified(request: ApiRequest, etag: string, lastModified: number | undefined): boolean {
  const inm = request.headers['if-none-match'];
  if (inm !== undefined) {
    const tags = inm.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag.replace(/^W\//, ''));
  }
  const ims = request.headers['if-modified-since'];
  if (ims !== undefined && lastModified !== undefined) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && seconds(lastModified) <= since;
  }
  return false;
}

/**
 * A cacheable representation, or the 304 for it. The 304 carries the headers a 200 would have
 * (RFC 9110 §15.4.5): the cache merges them into what it stored.
 */
function representation(
  request: ApiRequest,
  body: string,
  lastModified: number | undefined,
  headers: Record<string, string>,
): ApiReply {
  const etag = etagOf(body);
  const validators: Record<string, string> = { etag };
  if (lastModified !== undefined) validators['last-modified'] = httpDate(seconds(lastModified));
  if (notModified(request, etag, lastModified)) {
    return { status: 304, headers: { ...headers, ...validators }, body: '' };
  }
  return { status: 200, headers: { ...json, ...headers, ...validators }, body };
}

export class ShopApi {
  readonly #now: () => number;
  readonly #products: Product[];
  readonly #launched: number;
  #nextId = 4;

  constructor(now: () => number) {
    this.#now = now;
    const yesterday = now() - 86_400_000;
    this.#launched = yesterday;
    this.#products = [
      { id: 1, name: 'Espresso cup', price: 9.5, updatedAt: yesterday },
      { id: 2, name: 'Milk jug', price: 14, updatedAt: yesterday },
      { id: 3, name: 'Coffee grinder', price: 59, updatedAt: yesterday },
    ];
  }

  /** The shop's back office changes a price: nothing goes through the cache. */
  changePrice(id: number, price: number): void {
    const product = this.#products.find((p) => p.id === id);
    if (!product) throw new Error(`no product ${id}`);
    product.price = price;
    product.updatedAt = this.#now();
  }

  /** Answers one request. Only an unsafe method changes anything. */
  handle(request: ApiRequest): ApiReply {
    const { method, path } = request;
    if (path === '/api/products' && (method === 'GET' || method === 'HEAD'))
      return this.#list(request);
    if (path === '/api/products' && method === 'POST') return this.#create(request);
    if (path === '/api/categories' && (method === 'GET' || method === 'HEAD'))
      return this.#categories(request);
    if (path === '/api/greeting' && (method === 'GET' || method === 'HEAD'))
      return this.#greeting(request);
    if (path === '/api/me' && (method === 'GET' || method === 'HEAD')) return this.#me(request);
    if (path === mediaPath && method === 'GET') return mediaReply(request);
    return { status: 404, headers: json, body: JSON.stringify({ error: 'not found' }) };
  }

  /** Fresh for a minute; after that, usable for 10 more minutes if the origin fails (RFC 5861 §4). */
  #list(request: ApiRequest): ApiReply {
    const body = JSON.stringify({ products: this.#products.map(({ updatedAt, ...p }) => p) });
    const lastModified = Math.max(...this.#products.map((p) => p.updatedAt));
    return representation(request, body, lastModified, {
      'cache-control': 'max-age=60, stale-if-error=600',
      'cache-groups': '"products"',
    });
  }

  /** In the `products` group (RFC 9875) too, though a new product does not change it. */
  #categories(request: ApiRequest): ApiReply {
    const body = JSON.stringify({ categories: ['cups', 'jugs', 'grinders'] });
    return representation(request, body, this.#launched, {
      'cache-control': 'max-age=600',
      'cache-groups': '"products"',
    });
  }

  /**
   * RFC 9111 §4.4: a 201 with a Location; the cache invalidates both URIs, and every member of the
   * `products` group (RFC 9875 Cache-Group-Invalidation).
   */
  #create(request: ApiRequest): ApiReply {
    let input: { name?: unknown; price?: unknown };
    try {
      input = JSON.parse(request.body) as typeof input;
    } catch {
      return { status: 400, headers: json, body: JSON.stringify({ error: 'invalid JSON' }) };
    }
    const product: Product = {
      id: this.#nextId++,
      name: String(input.name ?? 'Unnamed'),
      price: Number(input.price ?? 0),
      updatedAt: this.#now(),
    };
    this.#products.push(product);
    const { updatedAt, ...created } = product;
    return {
      status: 201,
      headers: {
        ...json,
        'cache-control': 'no-store',
        location: `/api/products/${product.id}`,
        'cache-group-invalidation': '"products"',
      },
      body: JSON.stringify(created),
    };
  }

  /** One URL, one representation per language: Vary tells the cache to key on Accept-Language. */
  #greeting(request: ApiRequest): ApiReply {
    const wanted = (request.headers['accept-language'] ?? 'en').split(',')[0]?.trim().slice(0, 2);
    const language = wanted !== undefined && wanted in greetings ? wanted : 'en';
    const body = JSON.stringify({ language, message: greetings[language] });
    return representation(request, body, this.#launched, {
      'cache-control': 'max-age=300',
      vary: 'Accept-Language',
      'content-language': language,
    });
  }

  /** The signed-in user: may be stored, but must be revalidated before every use (RFC 9111 §5.2.2.4). */
  #me(request: ApiRequest): ApiReply {
    const body = JSON.stringify({ name: 'Ada', basket: [1, 3] });
    return representation(request, body, undefined, {
      'cache-control': 'private, no-cache',
    });
  }
}
