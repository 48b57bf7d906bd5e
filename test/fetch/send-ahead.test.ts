// Decision 0027, "Eighth pass": on a first visit (this origin never had the cache's database, as
// the mark in localStorage says: src/store/database-marker.ts) a request goes to the network while
// the early open of the default database is still under way, instead of after IndexedDB has said
// that nothing is stored (src/fetch/cacheable/admission.ts, sendAhead). Its response answers if it
// comes before the lookup; if the lookup comes first and finds something stored after all (the
// mark cleared apart from the database), that answers as the rules say and the request sent ahead
// is cancelled, its response never stored nor served; if the request fails, the lookup decides.
// The early open is held here (holdEarlyOpen) so that the order is exact, not a race.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DATABASE_NAME } from '../../src/store/indexeddb-store';
import { earlyPending, takeEarly } from '../../src/store/open-early';
import { rawDelete } from '../store/raw-indexeddb';
import { withEarlyOpenHeld } from './held-open';
import { fixedClock, heldReply, makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();
const clock = fixedClock();
const MARK = `cached-fetch:database:${DEFAULT_DATABASE_NAME}`;

/** A cached fetch on the default store (IndexedDB: fake-indexeddb here), on the shared clock. */
function page(options: Parameters<typeof makeCachedFetch>[0] = {}) {
  return makeCachedFetch({ store: undefined, clock, ...options });
}

/** A page (see `page`) whose early open is held until `release()` (./held-open). */
function pageWithHeldOpen(options: Parameters<typeof page>[0] = {}) {
  return withEarlyOpenHeld(() => page(options));
}

/** Lets the page's work run for a while (macrotasks, no clock): time for a request to arrive. */
async function aWhile(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** The first page: `path` fetched, stored, closed; the mark set by the store's open. */
async function firstPage(path: string) {
  const cf = page();
  await (await cf(`${ORIGIN}${path}`)).text();
  await cf.cache.settled();
  await cf.cache.close();
}

beforeEach(async () => {
  (await takeEarly(DEFAULT_DATABASE_NAME))?.close();
  await rawDelete(DEFAULT_DATABASE_NAME);
  localStorage.clear();
});
afterEach(() => localStorage.clear());

const fresh = { 'cache-control': 'max-age=600', etag: '"v1"' };

describe('a first visit: the request leaves before IndexedDB says nothing is stored', () => {
  it('RFC 9111 §4.1 nothing stored: the request reaches the origin and its response answers while the open is still under way; it is stored and the next page hits it', async () => {
    origin.reply('/a', { headers: fresh, body: 'a1' });
    const cf = pageWithHeldOpen();
    const response = await cf(`${ORIGIN}/a`);
    expect(await response.text()).toBe('a1');
    // Without `stored` where admission's code had not loaded yet (./answer-ahead.test.ts).
    expect(response.headers.get('cache-status')).toMatch(
      /^cached-fetch; fwd=uri-miss; fwd-status=200/,
    );
    expect(origin.seen('/a')).toHaveLength(1);
    expect(earlyPending(DEFAULT_DATABASE_NAME)).toBe(true);
    cf.release();
    await cf.cache.settled();
    expect(localStorage.getItem(MARK)).toBe('1');
    await cf.cache.close();

    const next = page();
    const hit = await next(`${ORIGIN}/a`);
    expect(await hit.text()).toBe('a1');
    expect(hit.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/a')).toHaveLength(1);
    await next.cache.close();
  });

  it('requests made together go ahead together, one each (a boot burst), each stored once', async () => {
    for (const path of ['/b1', '/b2', '/b3']) origin.reply(path, { headers: fresh, body: path });
    const cf = pageWithHeldOpen();
    const answers = ['/b1', '/b2', '/b3'].map((path) => cf(`${ORIGIN}${path}`));
    const bodies = await Promise.all(answers.map(async (answer) => (await answer).text()));
    expect(bodies).toEqual(['/b1', '/b2', '/b3']);
    expect(origin.seen()).toHaveLength(3);
    cf.release();
    await cf.cache.settled();
    expect(await cf.cache.entries()).toHaveLength(3);
    expect(origin.seen()).toHaveLength(3);
    await cf.cache.close();
  });

  it('RFC 9110 §9.3.2 a HEAD goes ahead as a GET does, and is answered without a body', async () => {
    // As a server answers a HEAD: the GET's header fields, no content.
    origin.reply('/head', (request) => ({
      headers: fresh,
      body: request.method === 'HEAD' ? undefined : 'body',
    }));
    const cf = pageWithHeldOpen();
    const response = await cf(`${ORIGIN}/head`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(origin.seen('/head').map((request) => request.method)).toEqual(['HEAD']);
    cf.release();
    await cf.cache.close();
  });

  it('a failed request sent ahead fails the call as fetch fails, once the lookup found nothing', async () => {
    origin.reply('/down', { networkError: true });
    const cf = pageWithHeldOpen();
    const answer = cf(`${ORIGIN}/down`);
    answer.catch(() => {});
    await Promise.race([origin.arrived('/down'), aWhile()]);
    expect(origin.seen('/down')).toHaveLength(1); // sent ahead, failed, the lookup not answered
    cf.release();
    await expect(answer).rejects.toThrow(TypeError);
    expect(origin.seen('/down')).toHaveLength(1);
    await cf.cache.close();
  });
});

describe('what never goes ahead', () => {
  it('Fetch: a request whose signal is already aborted never reaches the origin', async () => {
    origin.reply('/aborted', { headers: fresh, body: 'x' });
    const cf = pageWithHeldOpen();
    const answer = cf(`${ORIGIN}/aborted`, { signal: AbortSignal.abort() });
    answer.catch(() => {});
    cf.release();
    await expect(answer).rejects.toMatchObject({ name: 'AbortError' });
    await cf.cache.settled();
    expect(origin.seen('/aborted')).toHaveLength(0);
    await cf.cache.close();
  });

  it('where no mark can be kept (localStorage full): nothing leaves before the open answers, or every page load would send its requests ahead', async () => {
    origin.reply('/full', { headers: fresh, body: 'x' });
    vi.stubGlobal('localStorage', {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    });
    try {
      const cf = pageWithHeldOpen();
      const answer = cf(`${ORIGIN}/full`);
      await aWhile();
      expect(origin.seen('/full')).toHaveLength(0);
      cf.release();
      expect(await (await answer).text()).toBe('x');
      await cf.cache.close();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('what still waits for the lookup', () => {
  it('the database was had before (the mark is set): nothing leaves until the open has answered', async () => {
    origin.reply('/m', { headers: fresh, body: 'm' });
    await firstPage('/m');
    await rawDelete(DEFAULT_DATABASE_NAME); // gone since
    localStorage.setItem(MARK, '1'); // as a first visit whose open was slow left it
    const cf = pageWithHeldOpen();
    const answer = cf(`${ORIGIN}/m`);
    await aWhile();
    expect(origin.seen('/m')).toHaveLength(1); // the first page's only
    cf.release();
    expect(await (await answer).text()).toBe('m');
    expect(origin.seen('/m')).toHaveLength(2);
    await cf.cache.close();
  });

  it('RFC 9111 §5.2.1.7 only-if-cached never goes to the network, ahead or not', async () => {
    origin.reply('/only', { headers: fresh, body: 'x' });
    const cf = pageWithHeldOpen();
    const answer = cf(`${ORIGIN}/only`, { headers: { 'cache-control': 'only-if-cached' } });
    await aWhile();
    cf.release();
    expect((await answer).status).toBe(504);
    expect(origin.seen('/only')).toHaveLength(0);
    await cf.cache.close();
  });

  it('RFC 9111 §4.2 the mark cleared apart from the database (localStorage.clear()), the lookup first: the fresh stored response answers, the request sent ahead is cancelled and never stored; the open marks the database again', async () => {
    const ahead = heldReply();
    origin.reply('/kept', { headers: fresh, body: 'stored' }, ahead.reply);
    await firstPage('/kept');
    localStorage.clear();
    const sent: Request[] = [];
    const cf = pageWithHeldOpen({
      fetch: (input, init) => {
        sent.push(new Request(input, init));
        return globalThis.fetch(input, init);
      },
    });
    const answer = cf(`${ORIGIN}/kept`);
    await origin.arrived('/kept', 2); // sent ahead: the mark said nothing was had
    cf.release();
    const response = await answer;
    expect(await response.text()).toBe('stored');
    expect(response.headers.get('cache-status')).toContain('hit');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.signal.aborted).toBe(true); // cancelled
    ahead.release({ headers: fresh, body: 'ahead' });
    await cf.cache.settled();
    expect(localStorage.getItem(MARK)).toBe('1');
    await cf.cache.close();

    const next = page();
    const again = await next(`${ORIGIN}/kept`);
    expect(await again.text()).toBe('stored');
    expect(origin.seen('/kept')).toHaveLength(2);
    await next.cache.close();
  });

  it('RFC 9111 §4 the mark cleared, the network first: its response answers (as a network response may) and replaces the stored one', async () => {
    origin.reply('/newer', { headers: fresh, body: 'stored' }, { headers: fresh, body: 'newer' });
    await firstPage('/newer');
    localStorage.clear();
    const cf = pageWithHeldOpen();
    const response = await cf(`${ORIGIN}/newer`);
    expect(await response.text()).toBe('newer');
    expect(response.headers.get('cache-status')).toMatch(/fwd=uri-miss;.*; stored/);
    cf.release();
    await cf.cache.settled();
    await cf.cache.close();
    const next = page();
    expect(await (await next(`${ORIGIN}/newer`)).text()).toBe('newer');
    expect(origin.seen('/newer')).toHaveLength(2);
    await next.cache.close();
  });

  it('RFC 9111 §4.3 the mark cleared, a stale entry stored, the lookup first: revalidated with its validator as without the mark, the 304 serving the stored body', async () => {
    const ahead = heldReply();
    origin.reply(
      '/stale',
      { headers: { 'cache-control': 'max-age=1', etag: '"v1"' }, body: 'stored' },
      ahead.reply,
      { status: 304, headers: { 'cache-control': 'max-age=1', etag: '"v1"' } },
    );
    await firstPage('/stale');
    clock.advance(10_000);
    localStorage.clear();
    const cf = pageWithHeldOpen();
    const answer = cf(`${ORIGIN}/stale`);
    await origin.arrived('/stale', 2);
    cf.release();
    const response = await answer;
    expect(await response.text()).toBe('stored');
    ahead.release({ headers: { 'cache-control': 'max-age=1', etag: '"v2"' }, body: 'ahead' });
    const requests = origin.seen('/stale');
    expect(requests).toHaveLength(3);
    expect(requests[1]?.headers.get('if-none-match')).toBeNull(); // the one sent ahead
    expect(requests[2]?.headers.get('if-none-match')).toBe('"v1"');
    await cf.cache.close();
  });

  it("RFC 5861 / offline: 'stale' the mark cleared and the request sent ahead failing: the lookup decides, and the stored response stands in", async () => {
    origin.reply(
      '/away',
      { headers: { 'cache-control': 'max-age=1', etag: '"v1"' }, body: 'last known' },
      { networkError: true },
    );
    await firstPage('/away');
    clock.advance(10_000);
    localStorage.clear();
    const cf = pageWithHeldOpen({ offline: 'stale' });
    const answer = cf(`${ORIGIN}/away`);
    await origin.arrived('/away', 2);
    cf.release();
    const response = await answer;
    expect(await response.text()).toBe('last known');
    expect(response.headers.get('cache-status')).toMatch(/fwd=stale;.*detail="offline"/);
    expect(origin.seen('/away').length).toBeGreaterThanOrEqual(2);
    await cf.cache.close();
  });

  it('partitions and credentials: a request with a token reads through the store and never goes ahead; what localStorage holds is the mark alone', async () => {
    const tokens = { alice: 'Bearer tok-alice-ahead-91c3', bob: 'Bearer tok-bob-ahead-2d7e' };
    origin.reply('/private', (request) => ({
      headers: { 'cache-control': 'private, max-age=600', vary: 'authorization' },
      body: `private of ${request.headers.get('authorization') === tokens.alice ? 'alice' : 'bob'}`,
    }));
    let user: keyof typeof tokens = 'alice';
    const cf = pageWithHeldOpen({ partition: () => user });
    const alice = cf(`${ORIGIN}/private`, { headers: { authorization: tokens.alice } });
    await aWhile();
    expect(origin.seen('/private')).toHaveLength(0); // its keyed hash needs the store: it waits
    cf.release();
    expect(await (await alice).text()).toBe('private of alice');
    user = 'bob';
    const bob = await cf(`${ORIGIN}/private`, { headers: { authorization: tokens.bob } });
    expect(await bob.text()).toBe('private of bob');
    await cf.cache.settled();
    const held = Object.keys(localStorage).map((key) => `${key}=${localStorage.getItem(key)}`);
    expect(held.join('\n')).not.toMatch(/tok-/);
    expect(held).toContain(`${MARK}=1`);
    expect(origin.seen('/private')).toHaveLength(2);
    await cf.cache.close();
  });
});
