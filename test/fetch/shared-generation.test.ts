// Other pages at once (decision 0022): the generation shared through localStorage, and what the
// front does with it: another instance's memory never serves what an awaited clear or POST removed,
// and a partition another instance cleared is not written again while this one still names it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Generations } from '../../src/fetch/coordination/generations';
import { SharedGeneration } from '../../src/fetch/coordination/shared-generation';
import { MemoryStore } from '../../src/store/memory-store';
import { makeCachedFetch, ORIGIN, untilOtherTabsHeard, useMockOrigin } from './support';

const origin = useMockOrigin();
const fresh = { 'cache-control': 'max-age=600' };

afterEach(() => {
  vi.restoreAllMocks();
  localStorage.clear();
});

describe('SharedGeneration', () => {
  it('a bump is seen once by every other instance on the database, not by the one that bumped', () => {
    const a = new SharedGeneration(true, 'db');
    const b = new SharedGeneration(true, 'db');
    const elsewhere = new SharedGeneration(true, 'other-db');
    expect([a.moved(), b.moved(), elsewhere.moved()]).toEqual([false, false, false]);
    a.bump();
    expect([a.moved(), b.moved(), elsewhere.moved()]).toEqual([false, true, false]);
    expect(b.moved()).toBe(false);
  });

  it('two bumps in a row by two instances are both seen (values are unique, not counts)', () => {
    const a = new SharedGeneration(true, 'db');
    const b = new SharedGeneration(true, 'db');
    const c = new SharedGeneration(true, 'db');
    a.bump();
    expect(c.moved()).toBe(true);
    b.bump();
    expect(c.moved()).toBe(true);
    expect(c.moved()).toBe(false);
  });

  it('an instance that bumps after a change it had not seen still sees that change', () => {
    const a = new SharedGeneration(true, 'db');
    const b = new SharedGeneration(true, 'db');
    b.bump(); // unseen by a
    a.bump();
    expect(a.moved()).toBe(true);
    expect(a.moved()).toBe(false);
  });

  it('disabled (crossTab: false): writes nothing, sees nothing', () => {
    const off = new SharedGeneration(false, 'db');
    const on = new SharedGeneration(true, 'db');
    off.bump();
    expect(localStorage.length).toBe(0);
    on.bump();
    expect(off.moved()).toBe(false);
  });

  it('storage blocked or failing: never throws, and moves nothing (the messages remain)', () => {
    const getter = vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    const blocked = new SharedGeneration(true, 'db');
    expect(() => blocked.bump()).not.toThrow();
    expect(blocked.moved()).toBe(false);
    getter.mockRestore();
    const full = new SharedGeneration(true, 'db');
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    expect(() => full.bump()).not.toThrow();
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('gone', 'InvalidStateError');
    });
    expect(full.moved()).toBe(false);
  });
});

describe('Generations: a partition another page cleared', () => {
  it('is closed for writes until a request names another partition', () => {
    const generations = new Generations();
    const key = 'alice|/me';
    const generation = generations.of(key, 'alice');
    generations.close('alice');
    expect(generations.writable(key, 'alice', generation)).toBe(false);
    expect(generations.use('alice')).toBe(true); // first named since: worth a warning
    expect(generations.use('alice')).toBe(false);
    expect(generations.writable(key, 'alice', generation)).toBe(false);
    expect(generations.use('anonymous')).toBe(false);
    expect(generations.writable(key, 'alice', generation)).toBe(true);
  });
});

/** Two instances on one store, as two pages of an origin on one database. */
function twoInstances(partition: () => string = () => 'alice') {
  const store = new MemoryStore();
  const here = makeCachedFetch({ store, crossTab: true, memory: {}, partition });
  const there = makeCachedFetch({ store, crossTab: true, memory: {}, partition });
  return { here, there, close: () => Promise.all([here.cache.close(), there.cache.close()]) };
}

describe('another instance’s memory, right after the await', () => {
  for (const [what, remove] of [
    [
      'clear({ partition })',
      (cf: ReturnType<typeof makeCachedFetch>) => cf.cache.clear({ partition: 'alice' }),
    ],
    ['clear()', (cf: ReturnType<typeof makeCachedFetch>) => cf.cache.clear()],
    [
      'a POST (RFC 9111 §4.4)',
      (cf: ReturnType<typeof makeCachedFetch>) => cf(`${ORIGIN}/now`, { method: 'POST' }),
    ],
  ] as const) {
    it(`${what}: the other instance’s next request goes to the origin`, async () => {
      origin.reply('/now', { headers: fresh, body: 'before' }, { headers: fresh, body: 'after' });
      const { here, there, close } = twoInstances();
      try {
        await (await here(`${ORIGIN}/now`)).text();
        await here.cache.settled();
        expect(await (await here(`${ORIGIN}/now`)).text()).toBe('before'); // from memory
        await remove(there);
        expect(await (await here(`${ORIGIN}/now`)).text()).toBe('after');
        expect(origin.seen('/now').filter((r) => r.method === 'GET')).toHaveLength(2);
      } finally {
        await close();
      }
    });
  }
});

describe('logout in another instance', () => {
  it('this one still names alice: her responses are not stored until it names another user', async () => {
    origin.reply('/me', { headers: fresh, body: 'alice' });
    origin.reply('/public', { headers: fresh, body: 'public' });
    let user = 'alice';
    const { here, there, close } = twoInstances(() => user);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await there.cache.clear({ partition: 'alice' }); // the other page's logout
      await untilOtherTabsHeard(); // its message arrives
      for (let i = 0; i < 2; i++) await (await here(`${ORIGIN}/me`)).text();
      await here.cache.settled();
      expect(origin.seen('/me')).toHaveLength(2);
      expect(await here.cache.entries({ partition: 'alice' })).toEqual([]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/"alice" was cleared in another tab/);
      user = 'anonymous'; // this page's app signs out, later in again
      await (await here(`${ORIGIN}/public`)).text();
      user = 'alice';
      await (await here(`${ORIGIN}/me`)).text();
      await here.cache.settled();
      await (await here(`${ORIGIN}/me`)).text();
      expect(origin.seen('/me')).toHaveLength(3);
    } finally {
      await close();
    }
  });

  it('the instance that cleared is not closed: its own next user is stored as before', async () => {
    origin.reply('/mine', { headers: fresh, body: 'alice' });
    const { here, close } = twoInstances();
    try {
      await here.cache.clear({ partition: 'alice' });
      await here.cache.settled();
      await (await here(`${ORIGIN}/mine`)).text();
      await here.cache.settled();
      await (await here(`${ORIGIN}/mine`)).text();
      expect(origin.seen('/mine')).toHaveLength(1);
    } finally {
      await close();
    }
  });
});
