// A body that did not arrive completely is never stored (RFC 9111 §3; issue 4): the caller aborting
// mid-body, the origin breaking the connection, an abort before the head. Real Chromium, real
// IndexedDB, the page's own origin.
import { afterEach, describe, expect, it } from 'vitest';
import { gatedFetch } from './fetch-gate';
import {
  cleanup,
  fetchAndStore,
  openCachedFetch,
  recordEvents,
  sameOrigin,
  uniqueDbName,
} from './fetch-support';

afterEach(cleanup);

const bodyBytes = 200_000;
const cacheable = { headers: { 'cache-control': 'max-age=600' }, bodyBytes };

/** Reads `body` to the end; the error it broke with, or null. */
async function readError(body: ReadableStream<Uint8Array>): Promise<unknown> {
  return readAll(body.getReader()).then(
    () => null,
    (error: unknown) => error,
  );
}

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<number> {
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return length;
    length += value.byteLength;
  }
}

describe('aborting mid-body stores nothing', () => {
  it('control: the same slow response, read to the end, is stored and then served as a hit', async () => {
    const origin = sameOrigin();
    const path = origin.path('slow-complete');
    await origin.script(path, cacheable);
    const gate = gatedFetch(1);
    const cachedFetch = openCachedFetch(uniqueDbName('abort-control'), { fetch: gate.fetch });
    const stored = recordEvents(cachedFetch, 'stored');

    const response = await cachedFetch(path);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.value?.byteLength).toBeGreaterThan(0);
    expect((await cachedFetch.cache.stats()).entries).toBe(0);
    gate.open();
    expect(first.value!.byteLength + (await readAll(reader))).toBe(bodyBytes);
    await cachedFetch.cache.settled();
    expect(stored).toHaveLength(1);
    expect((await cachedFetch.cache.stats()).entries).toBe(1);

    const hit = await cachedFetch(path);
    expect((await hit.arrayBuffer()).byteLength).toBe(bodyBytes);
    expect(hit.headers.get('cache-status')).toMatch(/^cached-fetch; hit; /);
    expect(await origin.log(path)).toHaveLength(1);
  });

  it('the caller aborts while reading: AbortError, 0 entries, the next fetch goes to the origin', async () => {
    const origin = sameOrigin();
    const path = origin.path('slow-aborted');
    await origin.script(path, cacheable);
    const gate = gatedFetch(1);
    const cachedFetch = openCachedFetch(uniqueDbName('abort-mid-body'), { fetch: gate.fetch });
    const stored = recordEvents(cachedFetch, 'stored');

    const controller = new AbortController();
    const response = await cachedFetch(path, { signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    // The rest of the body may now flow: it must not complete a stored copy.
    gate.open();
    await cachedFetch.cache.settled();
    expect(stored).toEqual([]);
    expect(await cachedFetch.cache.stats()).toMatchObject({ entries: 0 });

    const next = await fetchAndStore(cachedFetch, path);
    expect(next.body.length).toBe(bodyBytes);
    expect(next.response.headers.get('cache-status')).toMatch(/^cached-fetch; fwd=uri-miss; /);
    expect(await origin.log(path)).toHaveLength(2);
    expect(await cachedFetch.cache.stats()).toMatchObject({ entries: 1 });
  });

  it('one of two coalesced callers aborting mid-body does not cancel the other, whose body is stored', async () => {
    const origin = sameOrigin();
    const path = origin.path('slow-shared');
    await origin.script(path, cacheable);
    const gate = gatedFetch(1);
    const cachedFetch = openCachedFetch(uniqueDbName('abort-shared'), { fetch: gate.fetch });
    const stored = recordEvents(cachedFetch, 'stored');

    const controller = new AbortController();
    const [quitter, stayer] = await Promise.all([
      cachedFetch(path, { signal: controller.signal }),
      cachedFetch(path),
    ]);
    expect(stayer.headers.get('cache-status')).toContain('collapsed');
    const quitterReader = quitter.body!.getReader();
    const stayerReader = stayer.body!.getReader();
    await quitterReader.read();
    const first = await stayerReader.read();
    controller.abort();
    await expect(quitterReader.read()).rejects.toMatchObject({ name: 'AbortError' });
    gate.open();
    expect(first.value!.byteLength + (await readAll(stayerReader))).toBe(bodyBytes);
    await cachedFetch.cache.settled();
    expect(stored).toHaveLength(1);
    expect(await origin.log(path)).toHaveLength(1);
  });

  it('an abort before the head arrives rejects with AbortError and stores nothing', async () => {
    const origin = sameOrigin();
    const path = origin.path('hung');
    await origin.script(path, { hang: true }, cacheable);
    const cachedFetch = openCachedFetch(uniqueDbName('abort-head'));

    const controller = new AbortController();
    const pending = cachedFetch(path, { signal: controller.signal });
    await expect.poll(async () => (await origin.log(path)).length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await cachedFetch.cache.settled();
    expect(await cachedFetch.cache.stats()).toMatchObject({ entries: 0 });

    const next = await fetchAndStore(cachedFetch, path);
    expect(next.body.length).toBe(bodyBytes);
    expect(await origin.log(path)).toHaveLength(2);
  });
});

describe("a body served from the cache follows the caller's signal, as a network body does", () => {
  it('a hit: aborting after the head errors the body with AbortError; the origin saw one request', async () => {
    const origin = sameOrigin();
    const path = origin.path('hit-abort');
    await origin.script(path, cacheable);
    const cachedFetch = openCachedFetch(uniqueDbName('abort-hit'));
    await fetchAndStore(cachedFetch, path);

    const controller = new AbortController();
    const response = await cachedFetch(path, { signal: controller.signal });
    expect(response.headers.get('cache-status')).toMatch(/; hit/);
    controller.abort();
    await expect(response.arrayBuffer()).rejects.toMatchObject({ name: 'AbortError' });
    // As the platform's fetch after an abort (probed in the three engines): not used, and a
    // second read rejects the same way.
    expect(response.bodyUsed).toBe(false);
    await expect(response.text()).rejects.toMatchObject({ name: 'AbortError' });
    // Read with a signal that stays: the whole stored body, still without the origin.
    const kept = await cachedFetch(path, { signal: new AbortController().signal });
    expect((await kept.arrayBuffer()).byteLength).toBe(bodyBytes);
    expect(await origin.log(path)).toHaveLength(1);
  });

  it("a miss: text() after an abort rejects with AbortError, as fetch's own does (not a TypeError)", async () => {
    const origin = sameOrigin();
    const path = origin.path('miss-abort-text');
    await origin.script(path, cacheable);
    const gate = gatedFetch(1);
    const cachedFetch = openCachedFetch(uniqueDbName('abort-miss-text'), { fetch: gate.fetch });

    const controller = new AbortController();
    const response = await cachedFetch(path, { signal: controller.signal });
    expect(response.headers.get('cache-status')).toMatch(/fwd=uri-miss/);
    controller.abort();
    await expect(response.text()).rejects.toMatchObject({ name: 'AbortError' });
    // And so does a clone's.
    const other = new AbortController();
    const second = await cachedFetch(path, { signal: other.signal });
    const copy = second.clone();
    other.abort();
    await expect(copy.json()).rejects.toMatchObject({ name: 'AbortError' });
    gate.open();
    expect(await origin.log(path)).toHaveLength(2);
  });
});

describe('a body broken by the origin is not stored', () => {
  it('breakAfterBytes: the caller gets the error fetch gives, 0 entries, the next fetch reaches the origin', async () => {
    const origin = sameOrigin();
    const path = origin.path('broken');
    const broken = { ...cacheable, breakAfterBytes: 50_000 };
    await origin.script(path, broken, broken, cacheable);
    const cachedFetch = openCachedFetch(uniqueDbName('broken'));
    const stored = recordEvents(cachedFetch, 'stored');

    // Read with a reader, the break is the TypeError this engine's own fetch gives.
    const plainError = await readError((await fetch(path)).body!);
    expect(plainError).toBeInstanceOf(TypeError);
    const response = await cachedFetch(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(bodyBytes));
    expect(await readError(response.body!)).toBeInstanceOf(TypeError);
    await cachedFetch.cache.settled();
    expect(stored).toEqual([]);
    expect(await cachedFetch.cache.stats()).toMatchObject({ entries: 0 });

    // The origin now answers whole: that reaches it (nothing usable was kept) and is stored.
    const next = await fetchAndStore(cachedFetch, path);
    expect(next.body.length).toBe(bodyBytes);
    expect(next.response.headers.get('cache-status')).toMatch(/^cached-fetch; fwd=uri-miss; /);
    expect(await origin.log(path)).toHaveLength(3);
    expect(await cachedFetch.cache.stats()).toMatchObject({ entries: 1 });
  });
});
