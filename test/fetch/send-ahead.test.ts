// Decision 0027, "Eighth pass": on a first visit (this origin never had the cache's database, as
// the mark in localStorage says: src/store/database-marker.ts) a request goes to the network while
// the early open of the default database is still under way, instead of after IndexedDB has said
// that nothing is stored (src/fetch/cacheable/admission.ts, sendAhead). The lookup still decides:
// what is stored after all (the mark cleared apart from the database) answers as the rules say,
// and the request sent ahead is cancelled, its response never stored nor served.
// The early open is held here (holdEarlyOpen) so that the order is exact, not a race.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DATABASE_NAME } from '../../src/store/indexeddb-store';
import { earlyPending, takeEarly } from '../../src/store/open-early';
import { rawDelete } from '../store/raw-indexeddb';
import { fixedClock, makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();
const clock = fixedClock();
const MARK = `cached-fetch:database:${DEFAULT_DATABASE_NAME}`;

/** A cached fetch on the default store (IndexedDB: fake-indexeddb here), on the shared clock. */
function page(options: Parameters<typeof makeCachedFetch>[0] = {}) {
  return makeCachedFetch({ store: undefined, clock, ...options });
}

/**
 * A page whose early open (`indexedDB.open(name)` without a version, made as it is created) does
 * not start until `release()`: until then, nothing tells the page whether its database exists.
 */
function pageWithHeldOpen(options: Parameters<typeof page>[0] = {}) {
  const factory = indexedDB;
  const open = factory.open.bind(factory);
  let real: IDBOpenDBRequest | undefined;
  const held = {} as Record<string, ((event: Event) => void) | null>;
  Object.defineProperties(held, {
    transaction: { get: () => real?.transaction },
    result: { get: () => real?.result },
  });
  const spy = vi
    .spyOn(factory, 'open')
    .mockImplementation((name, version) =>
      version === undefined ? (held as unknown as IDBOpenDBRequest) : open(name, version),
    );
  const cf = page(options);
  spy.mockRestore();
  return Object.assign(cf, {
    release() {
      real = open(DEFAULT_DATABASE_NAME);
      for (const type of ['upgradeneeded', 'success', 'error'])
        real.addEventListener(type, (event) => held[`on${type}`]?.(event));
    },
  });
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
  it('RFC 9111 §4.1 nothing stored: the request reaches the origin while the open is still under way; the response is stored and the next page hits it', async () => {
    origin.reply('/a', { headers: fresh, body: 'a1' });
    const cf = pageWithHeldOpen();
    const answer = cf(`${ORIGIN}/a`);
    await Promise.race([origin.arrived('/a'), aWhile()]);
    expect(origin.seen('/a')).toHaveLength(1);
    expect(earlyPending(DEFAULT_DATABASE_NAME)).toBe(true);
    cf.release();
    const response = await answer;
    expect(await response.text()).toBe('a1');
    expect(response.headers.get('cache-status')).toMatch(/fwd=uri-miss;.*; stored/);
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
    await Promise.race([
      Promise.all(['/b1', '/b2', '/b3'].map((path) => origin.arrived(path))),
      aWhile(),
    ]);
    expect(origin.seen()).toHaveLength(3);
    cf.release();
    const bodies = await Promise.all(answers.map(async (answer) => (await answer).text()));
    expect(bodies).toEqual(['/b1', '/b2', '/b3']);
    await cf.cache.settled();
    expect(await cf.cache.entries()).toHaveLength(3);
    expect(origin.seen()).toHaveLength(3);
    await cf.cache.close();
  });

  it('a failed request sent ahead fails the call as fetch fails, once the lookup found nothing', async () => {
    origin.reply('/down', { networkError: true });
    const cf = pageWithHeldOpen();
    const answer = cf(`${ORIGIN}/down`);
    answer.catch(() => {});
    await Promise.race([origin.arrived('/down'), aWhile()]);
    cf.release();
    await expect(answer).rejects.toThrow(TypeError);
    expect(origin.seen('/down')).toHaveLength(1);
    await cf.cache.close();
  });
});

describe('what still waits for the lookup', () => {
  it('the database was had before (the mark is set): nothing leaves until the open has answered', async () => {
    origin.reply('/m', { headers: fresh, body: 'm' });
    await firstPage('/m');
    await rawDelete(DEFAULT_DATABASE_NAME); // gone since, the mark still set
    expect(localStorage.getItem(MARK)).toBe('1');
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

  it('RFC 9111 §4.2 the mark cleared apart from the database (localStorage.clear()): the fresh stored response answers, the request sent ahead is cancelled and never stored; the open marks the database again', async () => {
    origin.reply('/kept', { headers: fresh, body: 'stored' }, { headers: fresh, body: 'ahead' });
    await firstPage('/kept');
    localStorage.clear();
    const cf = pageWithHeldOpen();
    const answer = cf(`${ORIGIN}/kept`);
    await Promise.race([origin.arrived('/kept', 2), aWhile()]);
    expect(origin.seen('/kept')).toHaveLength(2); // sent ahead: the mark said nothing was had
    cf.release();
    const response = await answer;
    expect(await response.text()).toBe('stored');
    expect(response.headers.get('cache-status')).toContain('hit');
    await cf.cache.settled();
    expect(localStorage.getItem(MARK)).toBe('1');
    await cf.cache.close();

    const next = page();
    const again = await next(`${ORIGIN}/kept`);
    expect(await again.text()).toBe('stored');
    expect(origin.seen('/kept')).toHaveLength(2);
    await next.cache.close();
  });

  it('RFC 9111 §4.3 the mark cleared, a stale entry stored: revalidated with its validator as without the mark, the 304 serving the stored body', async () => {
    origin.reply(
      '/stale',
      { headers: { 'cache-control': 'max-age=1', etag: '"v1"' }, body: 'stored' },
      { headers: { 'cache-control': 'max-age=1', etag: '"v2"' }, body: 'ahead' },
      { status: 304, headers: { 'cache-control': 'max-age=1', etag: '"v1"' } },
    );
    await firstPage('/stale');
    clock.advance(10_000);
    localStorage.clear();
    const cf = pageWithHeldOpen();
    const answer = cf(`${ORIGIN}/stale`);
    await Promise.race([origin.arrived('/stale', 2), aWhile()]);
    cf.release();
    const response = await answer;
    expect(await response.text()).toBe('stored');
    const requests = origin.seen('/stale');
    expect(requests).toHaveLength(3);
    expect(requests[1]?.headers.get('if-none-match')).toBeNull(); // the one sent ahead
    expect(requests[2]?.headers.get('if-none-match')).toBe('"v1"');
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
