// Invalidations and clears that happen while a GET is still in flight (RFC 9111 §4.4, decision 0003):
// what that GET fetched must neither reach later callers nor be written afterwards.
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store';
import { gate, makeCachedFetch, ORIGIN } from './support';

const encoder = new TextEncoder();

/** A network whose GET bodies are held open until `finish()`; other methods answer 204 at once. */
function heldNetwork() {
  const gets: Array<{ controller: ReadableStreamDefaultController<Uint8Array> }> = [];
  let version = 1;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (request.method !== 'GET') {
      version++;
      return new Response(null, { status: 204 });
    }
    const body = `v${version}`;
    const held = { controller: undefined as never as ReadableStreamDefaultController<Uint8Array> };
    gets.push(held);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        held.controller = controller;
        controller.enqueue(encoder.encode(body));
      },
    });
    return new Response(stream, { headers: { 'cache-control': 'max-age=600' } });
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    gets,
    finish: (i: number) => gets[i]!.controller.close(),
  };
}

describe('RFC 9111 §4.4 with a GET in flight', () => {
  it('a POST during a streaming GET: a later GET starts afresh, and the old body is never stored', async () => {
    const network = heldNetwork();
    const cf = makeCachedFetch({ fetch: network.fetch });
    const before = await cf(`${ORIGIN}/d`);
    await cf(`${ORIGIN}/d`, { method: 'POST', body: 'change' });
    const after = await cf(`${ORIGIN}/d`);
    expect(after.headers.get('cache-status')).not.toContain('collapsed');
    network.finish(0);
    network.finish(1);
    expect(await before.text()).toBe('v1');
    expect(await after.text()).toBe('v2');
    await cf.cache.settled();
    const next = await cf(`${ORIGIN}/d`);
    expect(next.headers.get('cache-status')).toContain('hit');
    expect(await next.text()).toBe('v2');
  });

  it('decision 0003: clear({ partition }) during a streaming GET keeps its body out of the store', async () => {
    const network = heldNetwork();
    const cf = makeCachedFetch({ fetch: network.fetch, partition: 'alice' });
    const pending = await cf(`${ORIGIN}/me`);
    await cf.cache.clear({ partition: 'alice' });
    network.finish(0);
    expect(await pending.text()).toBe('v1');
    await cf.cache.settled();
    expect(await cf.cache.entries()).toEqual([]);
  });

  it('cache.delete(url) during a streaming GET keeps its body out of the store too', async () => {
    const network = heldNetwork();
    const cf = makeCachedFetch({ fetch: network.fetch });
    const pending = await cf(`${ORIGIN}/x`);
    await cf.cache.delete(`${ORIGIN}/x`);
    network.finish(0);
    await pending.text();
    await cf.cache.settled();
    expect((await cf.cache.stats()).entries).toBe(0);
  });
});

describe('RFC 9111 §4.4 during a quota retry', () => {
  it('an invalidation while the store makes room after QuotaExceededError withdraws the write', async () => {
    const statsAsked = gate();
    const statsHeld = gate();
    class QuotaOnce extends MemoryStore {
      #failed = false;
      override async put(...args: Parameters<MemoryStore['put']>) {
        if (!this.#failed) {
          this.#failed = true;
          throw new DOMException('full', 'QuotaExceededError');
        }
        return super.put(...args);
      }
      override async stats() {
        statsAsked.open();
        await statsHeld.opened;
        return super.stats();
      }
    }
    const store = new QuotaOnce();
    const network = heldNetwork();
    const cf = makeCachedFetch({ fetch: network.fetch, store });
    const first = await cf(`${ORIGIN}/q`);
    network.finish(0);
    expect(await first.text()).toBe('v1');
    await statsAsked.opened; // the first put failed; the governor now waits on stats() to make room
    await cf(`${ORIGIN}/q`, { method: 'POST', body: 'change' });
    statsHeld.open();
    await cf.cache.settled();
    expect(await store.list()).toEqual([]);
  });
});

describe('decision 0025: an invalidation outruns a validation already under way', () => {
  it('a 304 to a conditional request sent before the POST does not unmark the entry', async () => {
    let release: ((response: Response) => void) | undefined;
    const seen: string[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      seen.push(`${request.method} ${request.headers.get('if-none-match') ?? '-'}`);
      if (request.method === 'POST') return new Response(null, { status: 204 });
      if (request.headers.get('if-none-match') && release === undefined) {
        return new Promise<Response>((resolve) => {
          release = resolve;
        });
      }
      if (request.headers.get('if-none-match')) return new Response(null, { status: 304 });
      return new Response('v1', { headers: { etag: '"v1"', 'cache-control': 'max-age=0' } });
    };
    const cf = makeCachedFetch({
      fetch: fetch as typeof globalThis.fetch,
      store: new MemoryStore(),
    });
    await (await cf(`${ORIGIN}/d`)).text();
    await cf.cache.settled();
    const validating = cf(`${ORIGIN}/d`); // stale: a conditional request, held by the origin
    await until(() => release !== undefined);
    await cf(`${ORIGIN}/d`, { method: 'POST', body: 'x' });
    await cf.cache.settled();
    release!(
      new Response(null, {
        status: 304,
        headers: { etag: '"v1"', 'cache-control': 'max-age=600' },
      }),
    );
    expect(await (await validating).text()).toBe('v1'); // that caller is answered, once
    await cf.cache.settled();
    // What the origin said before the write must not make the entry fresh after it.
    const [entry] = await cf.cache.entries();
    expect(entry?.invalidated).toBe(true);
    const next = await cf(`${ORIGIN}/d`);
    expect(next.headers.get('cache-status')).not.toMatch(/(^|; )hit(;|$)/);
    expect(await next.text()).toBe('v1');
    expect(seen).toEqual(['GET -', 'GET "v1"', 'POST -', 'GET "v1"']);
  });
});

/** Turns of the event loop until `ready()`: the held request has reached the origin. */
async function until(ready: () => boolean): Promise<void> {
  for (let turn = 0; !ready(); turn++) {
    if (turn > 1000) throw new Error('the request never reached the origin');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
