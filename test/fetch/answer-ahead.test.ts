// Decision 0027, "Eleventh pass": a first visit's response, sent ahead of its lookup
// (./send-ahead.test.ts), is answered as it comes, without waiting for admission's code (the
// admit chunk, 4.4 KB that a first visit's data waited for). Its caller reads the body as it
// arrives while a copy is kept (src/fetch/response/kept-copy.ts); once the body is whole, the
// chunk loads and stores it if RFC 9111 §3 allows. Each test runs a fresh copy of src: admission's
// code is loaded once per page, and a page that has it admits as before.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CachedFetchOptions, CacheEventMap } from '../../src/index';
import { DEFAULT_DATABASE_NAME } from '../../src/store/open-early';
import { rawDelete } from '../store/raw-indexeddb';
import { withEarlyOpenHeld } from './held-open';
import { fixedClock, gate, heldReply, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();
const fresh = { 'cache-control': 'max-age=600', etag: '"v1"' };
const admitPath = '../../src/fetch/cacheable/admit';

/** What a page made: its lazy loads must end before the next test's modules reset. */
const pages: Array<{ cache: { settled(): Promise<void>; close(): Promise<void> } }> = [];

beforeEach(async () => {
  await rawDelete(DEFAULT_DATABASE_NAME);
  localStorage.clear();
});
afterEach(async () => {
  // Its admission loads after the data: done before the modules reset, or it would load in the
  // next test's copy of src and stand in for the admit chunk that test removes or holds.
  for (const cf of pages.splice(0)) {
    await cf.cache.settled();
    await cf.cache.close();
  }
  vi.doUnmock(admitPath);
  vi.resetModules();
  localStorage.clear();
});

/**
 * A first visit: a fresh copy of src (admission's code never loaded), the default store, its early
 * open held (`release()`). `admit`: `'held'` loads the admit chunk only once `admitLoads.open()`
 * is called, `'missing'` makes it fail to load; `asked()` says whether it was asked for.
 */
async function firstVisit(
  options: CachedFetchOptions = {},
  admit: 'loads' | 'held' | 'missing' = 'loads',
) {
  vi.resetModules();
  const admitLoads = gate();
  let asked = false;
  vi.doMock(admitPath, async (importOriginal) => {
    asked = true;
    if (admit === 'missing') throw new Error('admit chunk unavailable');
    if (admit === 'held') await admitLoads.opened;
    return importOriginal();
  });
  const { createCachedFetch } = await import('../../src/index');
  const cf = withEarlyOpenHeld(() =>
    createCachedFetch({
      store: undefined,
      fetch: (input, init) => globalThis.fetch(input, init),
      now: fixedClock().now,
      crossTab: false,
      ...options,
    }),
  );
  pages.push(cf);
  const errors: CacheEventMap['error'][] = [];
  cf.cache.addEventListener('error', (event) => errors.push(event));
  return { cf, admitLoads, asked: () => asked, errors };
}

/** Lets the page's work run for a while (macrotasks, no clock). */
async function aWhile(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

const encoder = new TextEncoder();

/** An origin (as `fetch`) whose one response's body the test writes and ends by hand. */
function streamingOrigin(headers: Record<string, string> = fresh) {
  const sent: Request[] = [];
  let body!: ReadableStreamDefaultController<Uint8Array>;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push(new Request(input, init));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        body = controller;
      },
    });
    return new Response(stream, { headers });
  };
  return {
    fetch,
    sent,
    write: (text: string) => body.enqueue(encoder.encode(text)),
    body: () => body,
  };
}

describe('a first visit is answered before admission’s code has loaded', () => {
  it('decision 0027: the response and its whole body come while the admit chunk is held, which is not even asked for until the body has ended; then it is stored and the next page hits it', async () => {
    origin.reply('/a', { headers: fresh, body: 'a1' });
    const { cf, admitLoads, asked } = await firstVisit({}, 'held');
    const answer = cf(`${ORIGIN}/a`);
    const response = await Promise.race([answer, aWhile().then(() => undefined)]);
    expect(response, 'the response waited for admission').toBeDefined();
    expect(asked()).toBe(false);
    expect(await response!.text()).toBe('a1');
    // RFC 9211 §2.6: whether it is stored is decided after the data; `stored` is not said.
    expect(response!.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=uri-miss; fwd-status=200',
    );
    cf.release();
    admitLoads.open();
    await cf.cache.settled();
    expect(asked()).toBe(true);
    expect(await cf.cache.entries()).toHaveLength(1);

    const hit = await cf(`${ORIGIN}/a`);
    expect(await hit.text()).toBe('a1');
    expect(hit.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/a')).toHaveLength(1);
  });

  it('read-your-writes: asked again as soon as its body was read, the page waits for the write and hits it; nothing else reaches the origin', async () => {
    origin.reply('/again', { headers: fresh, body: 'once' });
    const { cf } = await firstVisit();
    expect(await (await cf(`${ORIGIN}/again`)).text()).toBe('once');
    const asked = cf(`${ORIGIN}/again`); // before IndexedDB has answered: a first visit still
    cf.release();
    const again = await asked;
    expect(await again.text()).toBe('once');
    expect(again.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/again')).toHaveLength(1);
  });

  it('the caller never reads the body: it is read ahead and stored all the same', async () => {
    origin.reply('/unread', { headers: fresh, body: 'unread' });
    const { cf } = await firstVisit();
    const response = await cf(`${ORIGIN}/unread`);
    expect(response.status).toBe(200);
    cf.release();
    await cf.cache.settled();
    const [entry] = await cf.cache.entries();
    expect(entry?.url).toBe(`${ORIGIN}/unread`);
    expect(await response.text()).toBe('unread'); // still whole for the caller
  });

  it('RFC 9111 §3 a response that may not be stored (no-store) is answered and never stored', async () => {
    origin.reply('/nostore', { headers: { 'cache-control': 'no-store' }, body: 'n' });
    const { cf } = await firstVisit();
    expect(await (await cf(`${ORIGIN}/nostore`)).text()).toBe('n');
    cf.release();
    await cf.cache.settled();
    expect(await cf.cache.entries()).toHaveLength(0);
    expect(await (await cf(`${ORIGIN}/nostore`)).text()).toBe('n');
    expect(origin.seen('/nostore')).toHaveLength(2);
  });

  it('RFC 9211 §2.7 two identical requests together: one request at the origin; the first caller streams the body, the one that joined gets the kept copy once whole (collapsed)', async () => {
    origin.reply('/twice', { headers: fresh, body: 'twice' });
    const { cf } = await firstVisit();
    const [a, b] = await Promise.all([cf(`${ORIGIN}/twice`), cf(`${ORIGIN}/twice`)]);
    expect([await a.text(), await b.text()]).toEqual(['twice', 'twice']);
    expect(b.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=uri-miss; fwd-status=200; collapsed',
    );
    expect([b.url, b.status, b.headers.get('etag')]).toEqual([`${ORIGIN}/twice`, 200, '"v1"']);
    expect(origin.seen('/twice')).toHaveLength(1);
    cf.release();
    await cf.cache.settled();
    expect(await cf.cache.entries()).toHaveLength(1);
  });

  it('a caller that joined an answer ahead whose body is past maxEntryBytes (no copy) makes its own request', async () => {
    origin.reply('/big', { headers: fresh, body: '0123456789' });
    const { cf } = await firstVisit({ maxEntryBytes: 4 });
    const [a, b] = await Promise.all([cf(`${ORIGIN}/big`), cf(`${ORIGIN}/big`)]);
    expect([await a.text(), await b.text()]).toEqual(['0123456789', '0123456789']);
    expect(origin.seen('/big')).toHaveLength(2);
    cf.release();
  });

  it('Fetch: a caller that joined an answer ahead and aborts while the body streams is rejected with its reason; the first caller reads on', async () => {
    const streaming = streamingOrigin();
    const { cf } = await firstVisit({ fetch: streaming.fetch });
    const controller = new AbortController();
    const first = cf(`${ORIGIN}/joined`);
    const joined = cf(`${ORIGIN}/joined`, { signal: controller.signal });
    const response = await first;
    streaming.write('part 1');
    controller.abort();
    await expect(joined).rejects.toMatchObject({ name: 'AbortError' });
    streaming.write(', part 2');
    streaming.body().close();
    expect(await response.text()).toBe('part 1, part 2');
    expect(streaming.sent).toHaveLength(1);
    cf.release();
  });

  it('admission’s code cannot load (offline, a deploy removed it): the data is served, the failure is reported, nothing is stored', async () => {
    origin.reply('/nochunk', { headers: fresh, body: 'served' });
    const { cf, errors } = await firstVisit({}, 'missing');
    expect(await (await cf(`${ORIGIN}/nochunk`)).text()).toBe('served');
    cf.release();
    await cf.cache.settled();
    expect(errors.map((error) => error.operation)).toContain('admit');
    expect(await cf.cache.entries()).toHaveLength(0);
  });
  it('decision 0019: the mark cleared, a variant stored, the answer ahead a 403 whose caller cancels its body: what the origin refused is forgotten all the same', async () => {
    origin.reply('/v', { headers: { ...fresh, vary: 'accept-language' }, body: 'en' });
    const first = await firstVisit();
    first.cf.release();
    expect(
      await (await first.cf(`${ORIGIN}/v`, { headers: { 'accept-language': 'en' } })).text(),
    ).toBe('en');
    await first.cf.cache.settled();
    await first.cf.cache.close();
    localStorage.clear(); // apart from the database: the next page is a first visit again
    const refused = heldReply();
    origin.reply('/v', refused.reply);
    const { cf } = await firstVisit();
    const answer = cf(`${ORIGIN}/v`, { headers: { 'accept-language': 'fr' } });
    await origin.arrived('/v', 2); // sent ahead
    cf.release(); // the lookup answers first: a variant for another language, a vary-miss
    await aWhile();
    refused.release({ status: 403, body: 'revoked' });
    const response = await answer;
    expect(response.status).toBe(403);
    await response.body!.cancel();
    await cf.cache.settled();
    expect(await cf.cache.entries()).toHaveLength(0);
  });
});

describe('what is never stored from an answer ahead (decision 0021, the body)', () => {
  it('Fetch: the caller aborts half-way: its read rejects, the request is stopped, nothing is stored', async () => {
    const streaming = streamingOrigin();
    const { cf } = await firstVisit({ fetch: streaming.fetch });
    const controller = new AbortController();
    const response = await cf(`${ORIGIN}/aborted`, { signal: controller.signal });
    const reader = response.body!.getReader();
    streaming.write('part 1');
    expect((await reader.read()).value).toEqual(encoder.encode('part 1'));
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    expect(streaming.sent).toHaveLength(1);
    expect(streaming.sent[0]!.signal.aborted).toBe(true);
    cf.release();
    await cf.cache.settled();
    expect(await cf.cache.entries()).toHaveLength(0);
  });

  it('the caller cancels its body half-way: the request is stopped, nothing is stored', async () => {
    const streaming = streamingOrigin();
    const { cf } = await firstVisit({ fetch: streaming.fetch });
    const response = await cf(`${ORIGIN}/cancelled`);
    streaming.write('part 1');
    await response.body!.cancel();
    expect(streaming.sent[0]!.signal.aborted).toBe(true);
    cf.release();
    await cf.cache.settled();
    expect(await cf.cache.entries()).toHaveLength(0);
  });

  it('a body that fails half-way: the caller’s read fails, nothing is stored', async () => {
    const streaming = streamingOrigin();
    const { cf } = await firstVisit({ fetch: streaming.fetch });
    const response = await cf(`${ORIGIN}/broken`);
    const reading = response.text();
    streaming.write('part 1');
    streaming.body().error(new TypeError('network error'));
    await expect(reading).rejects.toBeDefined();
    cf.release();
    await cf.cache.settled();
    expect(await cf.cache.entries()).toHaveLength(0);
  });

  it('RFC 9110 §8.6 a body shorter than its Content-Length, ended without an error, is not stored (as admission refuses it)', async () => {
    const short = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode('hello'));
            controller.close();
          },
        }),
        { headers: { ...fresh, 'content-length': '10' } },
      );
    const { cf } = await firstVisit({ fetch: short });
    const response = await cf(`${ORIGIN}/short`);
    await response.text().catch(() => {});
    cf.release();
    await cf.cache.settled();
    expect(await cf.cache.entries()).toHaveLength(0);
  });

  it('Fetch: body.cancel() half-way resolves, as fetch’s does, where the request’s abort errors its body at once', async () => {
    // As the Fetch standard's "abort fetch": the body errors as soon as the signal aborts.
    const strict = async (input: RequestInfo | URL, init?: RequestInit) => {
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode('part'));
          signal?.addEventListener('abort', () =>
            controller.error(new DOMException('The operation was aborted.', 'AbortError')),
          );
        },
      });
      return new Response(body, { headers: fresh });
    };
    const { cf } = await firstVisit({ fetch: strict });
    const response = await cf(`${ORIGIN}/cancel`);
    await expect(response.body!.cancel()).resolves.toBeUndefined();
    cf.release();
    await cf.cache.settled();
    expect(await cf.cache.entries()).toHaveLength(0);
  });

  it('a body past maxEntryBytes reaches the caller whole and is not stored; cache.settled() does not wait for the rest of a body nobody reads', async () => {
    const streaming = streamingOrigin();
    const { cf } = await firstVisit({ fetch: streaming.fetch, maxEntryBytes: 8 });
    const response = await cf(`${ORIGIN}/large`);
    streaming.write('0123456789'); // past 8 bytes: the copy goes, and the body never ends
    cf.release();
    await cf.cache.settled();
    expect(await cf.cache.entries()).toHaveLength(0);
    streaming.write('abc');
    streaming.body().close();
    expect(await response.text()).toBe('0123456789abc');
  });
});
