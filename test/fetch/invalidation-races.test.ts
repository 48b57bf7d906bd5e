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
