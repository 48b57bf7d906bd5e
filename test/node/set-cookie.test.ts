// Set-Cookie is state for one client (RFC 6265 §3). Node's fetch exposes it (browsers never do),
// so a server-side layer (SSR, BFF) that caches upstream responses must never replay visitor 1's
// cookie to visitor 2: not on a hit, not after a 304 merged its headers, not in what is stored.
import { afterEach, describe, expect, it } from 'vitest';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { rawGetAll, rawOpen } from '../store/raw-indexeddb';
import { cachedFetchFor, fixedClock, origin } from './support';

let closeAll: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closeAll.map((close) => close()));
  closeAll = [];
});

/** Every record the store wrote to IndexedDB, bodies decoded, as one searchable string. */
async function rawStoreText(name: string): Promise<string> {
  const db = await rawOpen(name);
  try {
    const records = await Promise.all(
      [...db.objectStoreNames].map((store) => rawGetAll(db, store)),
    );
    const decoded = await Promise.all(
      records.flat().map(async (record) => {
        if (record instanceof ArrayBuffer) return new TextDecoder().decode(record);
        if (record instanceof Blob) return record.text();
        return JSON.stringify(record);
      }),
    );
    return decoded.join('\n');
  } finally {
    db.close();
  }
}

function cachedFetchOnIndexedDB(now: () => number) {
  const name = `set-cookie-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const cf = cachedFetchFor({ store: new IndexedDBStore({ name }), now });
  closeAll.push(() => cf.cache.close());
  return { cf, name };
}

describe('Set-Cookie is never stored nor replayed (Node exposes it)', () => {
  it('the miss passes it to its caller; the hit has none, and the raw store holds no trace', async () => {
    const o = origin();
    const path = o.path('session');
    await o.script(path, {
      headers: {
        'cache-control': 'max-age=60',
        'set-cookie': 'session=visitor-1-secret; HttpOnly',
        'set-cookie2': 'legacy=visitor-1-legacy',
        'x-kept': 'kept',
      },
      body: 'page',
    });
    const clock = fixedClock();
    const { cf, name } = cachedFetchOnIndexedDB(clock.now);
    const url = o.url + path;

    const first = await cf(url);
    // The response that came from the network is the caller's own, as fetch gives it.
    expect(first.headers.get('set-cookie')).toBe('session=visitor-1-secret; HttpOnly');
    expect(await first.text()).toBe('page');
    await cf.cache.settled();

    const second = await cf(url);
    expect(await second.text()).toBe('page');
    expect(second.headers.get('cache-status')).toMatch(/hit/);
    expect(second.headers.get('set-cookie')).toBeNull();
    expect(second.headers.getSetCookie()).toEqual([]);
    expect(second.headers.get('set-cookie2')).toBeNull();
    expect(second.headers.get('x-kept')).toBe('kept');
    expect(await o.log(path)).toHaveLength(1);

    const [entry] = await cf.cache.entries();
    expect(entry!.headers.map(([field]) => field)).not.toContain('set-cookie');
    const raw = await rawStoreText(name);
    expect(raw).toContain('x-kept');
    expect(raw).not.toContain('visitor-1');
  });

  it('RFC 9111 §4.3.4: a 304 carrying Set-Cookie is not merged into the stored headers', async () => {
    const o = origin();
    const path = o.path('revalidated');
    await o.script(path, {
      headers: {
        'cache-control': 'max-age=1',
        etag: '"v1"',
        'set-cookie': 'session=visitor-2-secret',
      },
      body: 'page',
      conditional: true,
    });
    const clock = fixedClock();
    const { cf, name } = cachedFetchOnIndexedDB(clock.now);
    const url = o.url + path;
    await (await cf(url)).text();
    await cf.cache.settled();

    clock.advance(5000);
    const revalidated = await cf(url);
    expect(await revalidated.text()).toBe('page');
    expect(revalidated.headers.get('cache-status')).toMatch(/fwd-status=304/);
    await cf.cache.settled();
    const hit = await cf(url);
    await hit.text();
    expect(hit.headers.get('cache-status')).toMatch(/hit/);
    expect(hit.headers.get('set-cookie')).toBeNull();
    const log = await o.log(path);
    expect(log).toHaveLength(2);
    expect(log[1]?.headers['if-none-match']).toBe('"v1"');
    expect(await rawStoreText(name)).not.toContain('visitor-2');
  });
});
