// Storage failures never fail a request (design.md "Errors", pitfalls 10–11), and a body that did
// not arrive completely is never stored (RFC 9111 §3.1).
import { describe, expect, it } from 'vitest';
import type { CacheEventMap } from '../../src/index';
import type { StoredResponse } from '../../src/policy/snapshot';
import type { CacheEntry, NewCacheEntry, StoredBody } from '../../src/store/cache-store';
import { MemoryStore } from '../../src/store/memory-store';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();
const encoder = new TextEncoder();

type Method = 'getVariants' | 'getBody' | 'put' | 'update' | 'touch' | 'prune';

/** A MemoryStore whose chosen methods reject (switchable at any time), and that counts calls. */
class FaultyStore extends MemoryStore {
  readonly failing = new Set<Method>();
  readonly calls = new Map<Method, number>();
  failWith: () => unknown = () => new Error('disk on fire');

  #check(method: Method): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    if (this.failing.has(method)) throw this.failWith();
  }

  override async getVariants(key: string): Promise<CacheEntry[]> {
    this.#check('getVariants');
    return super.getVariants(key);
  }

  override async getBody(id: string): Promise<StoredBody | undefined> {
    this.#check('getBody');
    return super.getBody(id);
  }

  override async put(entry: NewCacheEntry, body: ArrayBuffer): Promise<string[]> {
    this.#check('put');
    return super.put(entry, body);
  }

  override async update(id: string, response: StoredResponse): Promise<boolean> {
    this.#check('update');
    return super.update(id, response);
  }

  override async touch(uses: ReadonlyArray<{ id: string; lastUsed: number }>): Promise<void> {
    this.#check('touch');
    return super.touch(uses);
  }

  override async prune(limits: Parameters<MemoryStore['prune']>[0]): Promise<CacheEntry[]> {
    this.#check('prune');
    return super.prune(limits);
  }
}

function errorsOf(cf: ReturnType<typeof makeCachedFetch>) {
  const errors: Array<CacheEventMap['error']> = [];
  cf.cache.addEventListener('error', (event) => errors.push(event));
  return errors;
}

function nextError(cf: ReturnType<typeof makeCachedFetch>): Promise<CacheEventMap['error']> {
  return new Promise((resolve) => {
    const listener = (event: CacheEventMap['error']) => {
      cf.cache.removeEventListener('error', listener);
      resolve(event);
    };
    cf.cache.addEventListener('error', listener);
  });
}

const cacheable = { 'cache-control': 'max-age=60', etag: '"v1"' };

describe('a store that rejects never fails a request (design.md "Errors", pitfall 11)', () => {
  it('getVariants rejects: every request is answered from the network, and the error event says why', async () => {
    origin.reply('/a', { headers: cacheable, body: 'net' });
    const store = new FaultyStore();
    store.failing.add('getVariants');
    const cf = makeCachedFetch({ store });
    const errors = errorsOf(cf);
    for (let i = 0; i < 2; i++) {
      const res = await cf(`${ORIGIN}/a`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('net');
      expect(res.headers.get('cache-status')).toContain('fwd=uri-miss');
      await cf.cache.settled();
    }
    expect(origin.seen('/a')).toHaveLength(2);
    const lookups = errors.filter((e) => e.operation === 'lookup');
    expect(lookups).toHaveLength(2);
    expect(lookups[0]).toMatchObject({
      url: `${ORIGIN}/a`,
      error: expect.objectContaining({ message: 'disk on fire' }),
    });
  });

  it('put rejects: the response still reaches the caller, is not stored, and the error is reported', async () => {
    origin.reply('/b', { headers: cacheable, body: 'net' });
    const store = new FaultyStore();
    store.failing.add('put');
    const cf = makeCachedFetch({ store });
    const stored: unknown[] = [];
    cf.cache.addEventListener('stored', (event) => stored.push(event));
    const failed = nextError(cf);
    const res = await cf(`${ORIGIN}/b`);
    expect(await res.text()).toBe('net');
    expect(await failed).toMatchObject({
      operation: 'put',
      error: expect.objectContaining({ message: 'disk on fire' }),
    });
    await cf.cache.settled();
    expect(stored).toEqual([]);
    const again = await cf(`${ORIGIN}/b`);
    expect(await again.text()).toBe('net');
    expect(again.headers.get('cache-status')).toContain('fwd=uri-miss');
    expect(origin.seen('/b')).toHaveLength(2);
  });

  it('getBody rejects: the request goes to the network and gets its new body, never a wrong one', async () => {
    origin.reply(
      '/c',
      { headers: cacheable, body: 'old' },
      { headers: { 'cache-control': 'max-age=60', etag: '"v2"' }, body: 'new' },
    );
    const store = new FaultyStore();
    // Memory would answer from its own copy: this is about the store's reads.
    const cf = makeCachedFetch({ store, memory: false });
    await (await cf(`${ORIGIN}/c`)).text();
    await cf.cache.settled();
    store.failing.add('getBody');
    const errors = errorsOf(cf);
    const res = await cf(`${ORIGIN}/c`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('new');
    expect(res.headers.get('etag')).toBe('"v2"');
    expect(res.headers.get('cache-status')).not.toMatch(/(^|; )hit(;|$)/);
    expect(origin.seen('/c')).toHaveLength(2);
    // The body is read with the variants, in one lookup: that read is what failed.
    expect(errors.map((e) => e.operation)).toContain('lookup');
  });

  it('a body that vanished from the store (getBody resolves undefined) is fetched again from the network', async () => {
    origin.reply('/gone', { headers: cacheable, body: 'again' });
    const store = new FaultyStore();
    // Memory would answer from its own copy: this is about the store's reads.
    const cf = makeCachedFetch({ store, memory: false });
    await (await cf(`${ORIGIN}/gone`)).text();
    await cf.cache.settled();
    store.getBody = async () => undefined;
    const misses: unknown[] = [];
    cf.cache.addEventListener('miss', (event) => misses.push(event));
    const res = await cf(`${ORIGIN}/gone`);
    expect(await res.text()).toBe('again');
    expect(origin.seen('/gone')).toHaveLength(2);
    expect(res.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=60; detail="body-missing"',
    );
    // What the cache did is a miss, whatever the reason: listeners and the inspector count it.
    expect(misses).toEqual([{ url: `${ORIGIN}/gone`, reason: 'uri-miss' }]);
  });

  it('update rejects on a 304: the caller gets the stored body as a 200, and the error is reported', async () => {
    origin.reply(
      '/d',
      { headers: { 'cache-control': 'max-age=10', etag: '"v1"' }, body: 'stored' },
      { status: 304, headers: { etag: '"v1"', 'cache-control': 'max-age=10' } },
    );
    const store = new FaultyStore();
    const cf = makeCachedFetch({ store });
    await (await cf(`${ORIGIN}/d`)).text();
    await cf.cache.settled();
    store.failing.add('update');
    const errors = errorsOf(cf);
    cf.clock.advance(20_000);
    const res = await cf(`${ORIGIN}/d`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('stored');
    expect(res.headers.get('cache-status')).toContain('fwd-status=304');
    expect(errors.map((e) => e.operation)).toContain('update');
  });

  it('prune rejects after a write: the response is stored and served, the error is reported', async () => {
    origin.reply('/e', { headers: cacheable, body: 'kept' });
    const store = new FaultyStore();
    store.failing.add('prune');
    const cf = makeCachedFetch({ store });
    const failed = nextError(cf);
    expect(await (await cf(`${ORIGIN}/e`)).text()).toBe('kept');
    expect(await failed).toMatchObject({ operation: 'prune' });
    await cf.cache.settled();
    const hit = await cf(`${ORIGIN}/e`);
    expect(await hit.text()).toBe('kept');
    expect(hit.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/e')).toHaveLength(1);
  });

  it('touch (LRU bookkeeping) rejects after a hit: the hit is unaffected, the error is reported', async () => {
    origin.reply('/f', { headers: cacheable, body: 'kept' });
    const store = new FaultyStore();
    store.failing.add('touch');
    const cf = makeCachedFetch({ store });
    await (await cf(`${ORIGIN}/f`)).text();
    await cf.cache.settled();
    const failed = nextError(cf);
    const hit = await cf(`${ORIGIN}/f`);
    expect(await hit.text()).toBe('kept');
    expect(hit.headers.get('cache-status')).toContain('hit');
    expect(await failed).toMatchObject({ operation: 'touch' });
  });

  it('every store method rejecting at once: requests still succeed from the network', async () => {
    origin.reply('/g', { headers: cacheable, body: 'net' });
    const store = new FaultyStore();
    for (const method of ['getVariants', 'getBody', 'put', 'update', 'touch', 'prune'] as const) {
      store.failing.add(method);
    }
    const cf = makeCachedFetch({ store });
    const errors = errorsOf(cf);
    const results = await Promise.all([cf(`${ORIGIN}/g`), cf(`${ORIGIN}/g?x=1`)]);
    for (const res of results) expect(await res.text()).toBe('net');
    await cf.cache.settled();
    expect(origin.seen('/g')).toHaveLength(2);
    expect(errors.length).toBeGreaterThan(0);
  });

  it('a custom store whose methods throw synchronously (instead of rejecting) never fails a request', async () => {
    origin.reply('/h', { headers: cacheable, body: 'net' });
    const store = new MemoryStore();
    for (const method of ['getVariants', 'getBody', 'put', 'update', 'touch', 'prune'] as const) {
      (store as unknown as Record<string, unknown>)[method] = () => {
        throw new Error(`${method} is broken`);
      };
    }
    const cf = makeCachedFetch({ store });
    const errors = errorsOf(cf);
    for (let i = 0; i < 2; i++) {
      expect(await (await cf(`${ORIGIN}/h`)).text()).toBe('net');
      await cf.cache.settled();
    }
    expect(origin.seen('/h')).toHaveLength(2);
    expect(errors.map((e) => e.operation)).toEqual(expect.arrayContaining(['lookup', 'put']));
  });
});

describe('pitfall 10: QuotaExceededError', () => {
  const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  it('a put that fails once with QuotaExceededError is retried after eviction and stored', async () => {
    origin.reply('/q1', { headers: cacheable, body: 'one' });
    origin.reply('/q2', { headers: cacheable, body: 'two' });
    const store = new FaultyStore();
    const cf = makeCachedFetch({ store });
    await (await cf(`${ORIGIN}/q1`)).text();
    await cf.cache.settled();
    let failures = 1;
    const put = store.put.bind(store);
    store.put = async (entry, body) => {
      if (failures-- > 0) throw quota();
      return put(entry, body);
    };
    const res = await cf(`${ORIGIN}/q2`);
    expect(await res.text()).toBe('two');
    await cf.cache.settled();
    const hit = await cf(`${ORIGIN}/q2`);
    expect(await hit.text()).toBe('two');
    expect(hit.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/q2')).toHaveLength(1);
  });

  it('a put that keeps failing with QuotaExceededError: served without storing, error reported', async () => {
    origin.reply('/q3', { headers: cacheable, body: 'three' });
    const store = new FaultyStore();
    store.failing.add('put');
    store.failWith = quota;
    const cf = makeCachedFetch({ store });
    const failed = nextError(cf);
    expect(await (await cf(`${ORIGIN}/q3`)).text()).toBe('three');
    expect(await failed).toMatchObject({
      operation: 'put',
      error: expect.objectContaining({ name: 'QuotaExceededError' }),
    });
    await cf.cache.settled();
    await (await cf(`${ORIGIN}/q3`)).text();
    expect(origin.seen('/q3')).toHaveLength(2);
  });
});

/** An injectable network that counts calls and answers with `make()` each time. */
function countingNetwork(make: () => Response) {
  let calls = 0;
  const fetch = (async () => {
    calls++;
    return make();
  }) as typeof globalThis.fetch;
  return {
    fetch,
    get calls() {
      return calls;
    },
  };
}

describe('RFC 9111 §3.1 a body that did not arrive completely is never stored', () => {
  it('a body that errors after the first chunk: the caller sees the error; the next request goes to the origin', async () => {
    const network = countingNetwork(() => {
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (!sent) {
            sent = true;
            controller.enqueue(encoder.encode('first half,'));
          } else {
            controller.error(new TypeError('network connection lost'));
          }
        },
      });
      return new Response(body, { headers: { 'cache-control': 'max-age=60' } });
    });
    const cf = makeCachedFetch({ fetch: network.fetch });
    const stored: unknown[] = [];
    cf.cache.addEventListener('stored', (event) => stored.push(event));
    const res = await cf(`${ORIGIN}/broken`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    await cf.cache.settled();
    expect(stored).toEqual([]);
    const before = network.calls;
    const again = await cf(`${ORIGIN}/broken`);
    expect(again.headers.get('cache-status')).not.toMatch(/(^|; )hit(;|$)/);
    await again.text().catch(() => {});
    expect(network.calls).toBeGreaterThan(before);
  });

  it('one caller, one network request: a body that failed before the caller read it reaches it as an error', async () => {
    const network = countingNetwork(() => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode('first half,'));
          controller.error(new TypeError('network connection lost'));
        },
      });
      return new Response(body, { headers: { 'cache-control': 'max-age=60' } });
    });
    const cf = makeCachedFetch({ fetch: network.fetch });
    const res = await cf(`${ORIGIN}/early-error`);
    await expect(res.text()).rejects.toThrow();
    expect(network.calls).toBe(1);
  });

  it('one caller, one network request: a body over maxEntryBytes without Content-Length is still delivered from it', async () => {
    const network = countingNetwork(() => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode('x'.repeat(2048)));
          controller.close();
        },
      });
      return new Response(body, { headers: { 'cache-control': 'max-age=60' } });
    });
    const cf = makeCachedFetch({ fetch: network.fetch, maxEntryBytes: 1024 });
    const res = await cf(`${ORIGIN}/big`);
    expect(await res.text()).toHaveLength(2048);
    expect(network.calls).toBe(1);
  });

  it('a body shorter than its Content-Length is not stored', async () => {
    const network = countingNetwork(() => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode('hello'));
          controller.close();
        },
      });
      return new Response(body, {
        headers: { 'cache-control': 'max-age=60', 'content-length': '10' },
      });
    });
    const cf = makeCachedFetch({ fetch: network.fetch });
    const stored: unknown[] = [];
    cf.cache.addEventListener('stored', (event) => stored.push(event));
    await (await cf(`${ORIGIN}/short`)).text().catch(() => {});
    await cf.cache.settled();
    expect(stored).toEqual([]);
    const before = network.calls;
    const again = await cf(`${ORIGIN}/short`);
    expect(again.headers.get('cache-status')).not.toMatch(/(^|; )hit(;|$)/);
    expect(network.calls).toBeGreaterThan(before);
  });

  it('one caller, one network request: a complete but unstorable body (short of Content-Length) is still delivered from it', async () => {
    const network = countingNetwork(
      () =>
        new Response('hello', {
          headers: { 'cache-control': 'max-age=60', 'content-length': '10' },
        }),
    );
    const cf = makeCachedFetch({ fetch: network.fetch });
    const res = await cf(`${ORIGIN}/short-once`);
    await res.text().catch(() => {});
    expect(network.calls).toBe(1);
  });

  it('a body the caller aborted mid-stream is not stored, and the network body is cancelled', async () => {
    let cancelled = false;
    const network = countingNetwork(() => {
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) return new Promise<void>(() => {}); // the rest never comes
          sent = true;
          controller.enqueue(encoder.encode('part,'));
          return undefined;
        },
        cancel() {
          cancelled = true;
        },
      });
      return new Response(body, { headers: { 'cache-control': 'max-age=60' } });
    });
    const cf = makeCachedFetch({ fetch: network.fetch });
    const stored: unknown[] = [];
    cf.cache.addEventListener('stored', (event) => stored.push(event));
    const controller = new AbortController();
    const res = await cf(`${ORIGIN}/aborted`, { signal: controller.signal });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('part,');
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    await cf.cache.settled();
    expect(cancelled).toBe(true);
    expect(stored).toEqual([]);
    const again = await cf(`${ORIGIN}/aborted`);
    expect(again.headers.get('cache-status')).toContain('fwd=uri-miss');
    await again.body?.cancel();
    expect(network.calls).toBe(2);
  });

  it('a body the caller cancelled (reader.cancel) before the end is not stored', async () => {
    const network = countingNetwork(() => {
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) return new Promise<void>(() => {});
          sent = true;
          controller.enqueue(encoder.encode('part,'));
          return undefined;
        },
      });
      return new Response(body, { headers: { 'cache-control': 'max-age=60' } });
    });
    const cf = makeCachedFetch({ fetch: network.fetch });
    const res = await cf(`${ORIGIN}/cancelled`);
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    await cf.cache.settled();
    const again = await cf(`${ORIGIN}/cancelled`);
    expect(again.headers.get('cache-status')).toContain('fwd=uri-miss');
    await again.body?.cancel();
    expect(network.calls).toBe(2);
  });
});
