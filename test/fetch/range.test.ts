// Range requests (RFC 9110 §14; RFC 9111 §3.3, §3.4, §4.3.3), end to end on msw: what the origin
// saw and what the caller got.
import { describe, expect, it } from 'vitest';
import type { NewCacheEntry } from '../../src/store/cache-store';
import { MemoryStore } from '../../src/store/memory-store';
import { untilIdle } from '../idle';
import {
  gate,
  makeCachedFetch,
  ORIGIN,
  ReadCountingStore,
  type Reply,
  useMockOrigin,
} from './support';

const origin = useMockOrigin();
const alphabet = 'abcdefghijklmnopqrstuvwxyz';

/** An origin that serves single byte ranges of `body` (If-Range compared with the ETag). */
function ranged(body: string, headers: Record<string, string>) {
  return (request: Request): Reply => {
    const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get('range') ?? '');
    const ifRange = request.headers.get('if-range');
    if (!range || (ifRange !== null && ifRange !== headers.etag)) return { headers, body };
    const [, first, last] = range;
    const start = first === '' ? body.length - Number(last) : Number(first);
    const end = first === '' || last === '' ? body.length - 1 : Number(last);
    return {
      status: 206,
      headers: { ...headers, 'content-range': `bytes ${start}-${end}/${body.length}` },
      body: body.slice(start, end + 1),
    };
  };
}

const fresh = { 'cache-control': 'max-age=60', etag: '"v1"' };

async function get(cf: ReturnType<typeof makeCachedFetch>, path: string, range?: string) {
  const response = await cf(`${ORIGIN}${path}`, range ? { headers: { range } } : undefined);
  const body = await response.text();
  await cf.cache.settled();
  return { response, body, status: response.status };
}

describe('RFC 9110 §14.2, RFC 9111 §3.3 a range hit reads the store once', () => {
  it.each([
    ['a stored complete 200', '/once-whole', undefined],
    ['stored parts', '/once-parts', 'bytes=0-9'],
  ])(
    'a range from %s costs the store one read (the body comes with the lookup)',
    async (_, path, first) => {
      origin.reply(path, ranged(alphabet, fresh));
      const store = new ReadCountingStore({ name: `range-reads-${path}` });
      const cf = makeCachedFetch({ store, memory: false });
      await get(cf, path, first);
      await cf.cache.settled();
      store.reads.length = 0;
      const { body, status } = await get(cf, path, 'bytes=2-5');
      expect(status).toBe(206);
      expect(body).toBe('cdef');
      expect(store.reads).toEqual(['lookup']);
      expect(origin.seen(path)).toHaveLength(1);
      await cf.cache.close();
    },
  );
});

describe('RFC 9110 §14.2 a Range request answered from a stored complete 200', () => {
  it.each([
    ['bytes=2-5', 'cdef', 'bytes 2-5/26'],
    ['bytes=20-', 'uvwxyz', 'bytes 20-25/26'],
    ['bytes=-3', 'xyz', 'bytes 23-25/26'],
    ['bytes=24-99', 'yz', 'bytes 24-25/26'],
    ['BYTES = 0-0', 'a', 'bytes 0-0/26'],
  ])('%s is a 206 from storage', async (range, expected, contentRange) => {
    origin.reply('/whole', ranged(alphabet, { ...fresh, 'x-kept': 'yes' }));
    const cf = makeCachedFetch();
    await get(cf, '/whole');
    const { response, body, status } = await get(cf, '/whole', range);
    expect(status).toBe(206);
    expect(body).toBe(expected);
    expect(response.headers.get('content-range')).toBe(contentRange);
    expect(response.headers.get('content-length')).toBe(String(expected.length));
    expect(response.headers.get('x-kept')).toBe('yes');
    expect(response.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=60');
    expect(origin.seen('/whole')).toHaveLength(1);
  });

  it('RFC 9110 §15.5.17 a range past the stored length is a 416 from storage', async () => {
    origin.reply('/short', ranged(alphabet, fresh));
    const cf = makeCachedFetch();
    await get(cf, '/short');
    const { response, status } = await get(cf, '/short', 'bytes=26-');
    expect(status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */26');
    expect(origin.seen('/short')).toHaveLength(1);
  });

  it('several ranges are forwarded as they are', async () => {
    origin.reply('/multi', ranged(alphabet, fresh));
    const cf = makeCachedFetch();
    await get(cf, '/multi');
    const { response } = await get(cf, '/multi', 'bytes=0-1, 4-5');
    expect(response.headers.get('cache-status')).toBe('cached-fetch; fwd=bypass; fwd-status=200');
    expect(origin.seen('/multi')[1]?.headers.get('range')).toBe('bytes=0-1, 4-5');
  });

  it('a stale complete response is revalidated with the Range; a 304 answers from storage', async () => {
    origin.reply('/stale', (request) =>
      request.headers.get('if-none-match') === '"v1"'
        ? { status: 304, headers: fresh }
        : ranged(alphabet, fresh)(request),
    );
    const cf = makeCachedFetch();
    await get(cf, '/stale');
    cf.clock.advance(120_000);
    const { response, body, status } = await get(cf, '/stale', 'bytes=1-2');
    expect([status, body]).toEqual([206, 'bc']);
    expect(response.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=stale; fwd-status=304; ttl=60',
    );
    const seen = origin.seen('/stale');
    expect(seen[1]?.headers.get('range')).toBe('bytes=1-2');
    expect(seen[1]?.headers.get('if-none-match')).toBe('"v1"');
  });
});

describe('RFC 9111 §3.3 storing and reusing partial content', () => {
  it('a 206 is stored and answers a range it holds', async () => {
    origin.reply('/part', ranged(alphabet, fresh));
    const cf = makeCachedFetch();
    const first = await get(cf, '/part', 'bytes=0-9');
    expect([first.status, first.body]).toEqual([206, 'abcdefghij']);
    expect(first.response.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=uri-miss; fwd-status=206; stored',
    );
    const second = await get(cf, '/part', 'bytes=3-5');
    expect([second.status, second.body]).toEqual([206, 'def']);
    expect(second.response.headers.get('content-range')).toBe('bytes 3-5/26');
    expect(second.response.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=60');
    expect(origin.seen('/part')).toHaveLength(1);
  });

  it('RFC 9110 §14.2 a request without Range never gets stored partial content', async () => {
    origin.reply('/never', ranged(alphabet, fresh));
    const cf = makeCachedFetch();
    await get(cf, '/never', 'bytes=0-9');
    const whole = await get(cf, '/never');
    expect([whole.status, whole.body]).toEqual([200, alphabet]);
    const seen = origin.seen('/never');
    expect(seen).toHaveLength(2);
    expect(seen[1]?.headers.get('range')).toBeNull();
    expect(seen[1]?.headers.get('if-none-match')).toBeNull();
  });

  it('a range beyond the stored parts goes to the origin with If-Range', async () => {
    origin.reply('/more', ranged(alphabet, fresh));
    const cf = makeCachedFetch();
    await get(cf, '/more', 'bytes=0-9');
    const next = await get(cf, '/more', 'bytes=5-14');
    expect([next.status, next.body]).toEqual([206, 'fghijklmno']);
    expect(next.response.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=partial; fwd-status=206; stored',
    );
    const seen = origin.seen('/more');
    expect(seen[1]?.headers.get('range')).toBe('bytes=5-14');
    expect(seen[1]?.headers.get('if-range')).toBe('"v1"');
  });
});

describe('RFC 9111 §3.3 a 206 being stored, like any write', () => {
  /** A MemoryStore whose puts land only when the test releases them. */
  class HeldPutStore extends MemoryStore {
    readonly held: Array<() => void> = [];
    /** Opens at the first put: the write is under way and held. */
    readonly putStarted = gate();
    override async put(entry: NewCacheEntry, body: ArrayBuffer): Promise<string[]> {
      const release = gate();
      this.held.push(release.open);
      this.putStarted.open();
      await release.opened;
      return super.put(entry, body);
    }
  }

  it('cache.settled() waits for it', async () => {
    origin.reply('/held', ranged(alphabet, fresh));
    const store = new HeldPutStore();
    const cf = makeCachedFetch({ store });
    await (await cf(`${ORIGIN}/held`, { headers: { range: 'bytes=0-9' } })).text();
    let settled = false;
    const settling = cf.cache.settled().then(() => {
      settled = true;
    });
    await store.putStarted.opened;
    await untilIdle();
    expect(store.held).toHaveLength(1);
    expect(settled).toBe(false);
    store.held.shift()!();
    await settling;
    expect((await store.stats()).entries).toBe(1);
  });

  it('the next lookup in this tab waits for it (read-your-writes): a hit', async () => {
    origin.reply('/ryw', ranged(alphabet, fresh));
    const store = new HeldPutStore();
    const cf = makeCachedFetch({ store });
    await (await cf(`${ORIGIN}/ryw`, { headers: { range: 'bytes=0-9' } })).text();
    await store.putStarted.opened;
    const again = cf(`${ORIGIN}/ryw`, { headers: { range: 'bytes=2-4' } });
    await untilIdle(); // the lookup has gone as far as it can: it must be waiting for the write
    for (const release of store.held.splice(0)) release();
    const response = await again;
    expect([response.status, await response.text()]).toEqual([206, 'cde']);
    expect(response.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=60');
    expect(origin.seen('/ryw')).toHaveLength(1);
  });
});

describe('a Range request is told by the same events as any request', () => {
  it('mode reload: a miss with reason reload, then its 206 is stored', async () => {
    origin.reply('/reload-range', ranged(alphabet, fresh));
    const cf = makeCachedFetch();
    const misses: unknown[] = [];
    cf.cache.addEventListener('miss', (event) => misses.push(event));
    const url = `${ORIGIN}/reload-range`;
    const response = await cf(url, { cache: 'reload', headers: { range: 'bytes=0-2' } });
    expect([response.status, await response.text()]).toEqual([206, 'abc']);
    expect(response.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=request; fwd-status=206; stored',
    );
    expect(misses).toEqual([{ url, reason: 'reload' }]);
  });
});

describe('RFC 9111 §3.4 combining partial content', () => {
  it('parts with the same strong validator combine; once whole, a plain GET is a hit', async () => {
    origin.reply('/combine', ranged(alphabet, fresh));
    const cf = makeCachedFetch();
    await get(cf, '/combine', 'bytes=0-9');
    await get(cf, '/combine', 'bytes=20-25');
    // Held now: 0-9 and 20-25. 8-12 overlaps the first part only: forwarded.
    const middle = await get(cf, '/combine', 'bytes=8-21');
    expect(middle.body).toBe('ijklmnopqrstuv');
    const across = await get(cf, '/combine', 'bytes=5-23');
    expect([across.status, across.body]).toEqual([206, alphabet.slice(5, 24)]);
    expect(across.response.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=60');
    const whole = await get(cf, '/combine', 'bytes=9-19');
    expect(whole.response.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/combine')).toHaveLength(3);
  });

  it('the parts adding up to the whole representation are stored as the complete 200', async () => {
    origin.reply('/complete', ranged(alphabet, fresh));
    const cf = makeCachedFetch();
    await get(cf, '/complete', 'bytes=0-12');
    await get(cf, '/complete', 'bytes=13-');
    const whole = await get(cf, '/complete');
    expect([whole.status, whole.body]).toEqual([200, alphabet]);
    expect(whole.response.headers.get('content-length')).toBe('26');
    expect(whole.response.headers.get('content-range')).toBeNull();
    expect(whole.response.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=60');
    expect(origin.seen('/complete')).toHaveLength(2);
    expect((await cf.cache.stats()).entries).toBe(1);
  });

  it('§3.4, §4.3.4: the newer part’s header fields update the stored ones', async () => {
    origin.reply(
      '/headers',
      ranged(alphabet, { ...fresh, 'x-version': 'first' }),
      ranged(alphabet, { ...fresh, 'x-version': 'second' }),
    );
    const cf = makeCachedFetch();
    await get(cf, '/headers', 'bytes=0-9');
    await get(cf, '/headers', 'bytes=10-19');
    const hit = await get(cf, '/headers', 'bytes=0-19');
    expect(hit.body).toBe(alphabet.slice(0, 20));
    expect(hit.response.headers.get('x-version')).toBe('second');
    expect(hit.response.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/headers')).toHaveLength(2);
  });

  it('a 206 with another validator replaces the parts instead of combining', async () => {
    origin.reply(
      '/changed',
      ranged(alphabet, fresh),
      ranged(alphabet.toUpperCase(), { ...fresh, etag: '"v2"' }),
    );
    const cf = makeCachedFetch();
    await get(cf, '/changed', 'bytes=0-9');
    // If-Range "v1" does not match "v2" at this origin, so it sends the whole (new) body.
    const next = await get(cf, '/changed', 'bytes=10-12');
    expect([next.status, next.body]).toEqual([200, alphabet.toUpperCase()]);
    const hit = await get(cf, '/changed', 'bytes=0-2');
    expect([hit.status, hit.body]).toEqual([206, 'ABC']);
    expect(hit.response.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/changed')).toHaveLength(2);
  });

  it('parts with a weak validator are not combined', async () => {
    const weak = { 'cache-control': 'max-age=60', etag: 'W/"w"' };
    origin.reply('/weak', ranged(alphabet, weak));
    const cf = makeCachedFetch();
    await get(cf, '/weak', 'bytes=0-9');
    const second = await get(cf, '/weak', 'bytes=10-25');
    expect(origin.seen('/weak')[1]?.headers.get('if-range')).toBeNull();
    expect(second.body).toBe(alphabet.slice(10));
    // The second part replaced the first: 0-9 goes to the origin again.
    await get(cf, '/weak', 'bytes=0-9');
    expect(origin.seen('/weak')).toHaveLength(3);
  });
});

describe('Fetch only-if-cached and RFC 9111 §5.2.1.7 for Range requests', () => {
  it('mode only-if-cached with nothing stored fails like fetch, without the network', async () => {
    origin.reply('/oic', ranged(alphabet, fresh));
    const cf = makeCachedFetch();
    await expect(
      cf(`${ORIGIN}/oic`, { cache: 'only-if-cached', headers: { range: 'bytes=0-1' } }),
    ).rejects.toThrow(TypeError);
    expect(origin.seen('/oic')).toHaveLength(0);
  });

  it('mode only-if-cached with a stored complete 200 answers the range as a 206, without the network', async () => {
    origin.reply('/oic-whole', { headers: fresh, body: alphabet });
    const cf = makeCachedFetch();
    await get(cf, '/oic-whole');
    const response = await cf(`${ORIGIN}/oic-whole`, {
      cache: 'only-if-cached',
      headers: { range: 'bytes=2-5' },
    });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 2-5/${alphabet.length}`);
    expect(await response.text()).toBe('cdef');
    expect(origin.seen('/oic-whole')).toHaveLength(1);
  });

  it('mode only-if-cached with stored parts that hold the range answers it, without the network', async () => {
    origin.reply('/oic-parts', ranged(alphabet, fresh));
    const cf = makeCachedFetch();
    await get(cf, '/oic-parts', 'bytes=0-9');
    const response = await cf(`${ORIGIN}/oic-parts`, {
      cache: 'only-if-cached',
      headers: { range: 'bytes=3-4' },
    });
    expect(response.status).toBe(206);
    expect(await response.text()).toBe('de');
    expect(origin.seen('/oic-parts')).toHaveLength(1);
  });

  it("a range hit follows the caller's signal: already aborted, it rejects; aborted after the head, text() does", async () => {
    origin.reply('/range-abort', { headers: fresh, body: alphabet });
    const cf = makeCachedFetch();
    await get(cf, '/range-abort');
    const aborted = AbortSignal.abort();
    for (const init of [{}, { cache: 'only-if-cached' as const }]) {
      await expect(
        cf(`${ORIGIN}/range-abort`, { ...init, headers: { range: 'bytes=2-5' }, signal: aborted }),
      ).rejects.toMatchObject({ name: 'AbortError' });
    }
    const controller = new AbortController();
    const response = await cf(`${ORIGIN}/range-abort`, {
      headers: { range: 'bytes=2-5' },
      signal: controller.signal,
    });
    expect(response.status).toBe(206);
    controller.abort();
    await expect(response.text()).rejects.toMatchObject({ name: 'AbortError' });
    expect(origin.seen('/range-abort')).toHaveLength(1);
  });

  it('the only-if-cached directive with a range the parts do not hold is a 504', async () => {
    origin.reply('/oic2', ranged(alphabet, fresh));
    const cf = makeCachedFetch();
    await get(cf, '/oic2', 'bytes=0-1');
    const response = await cf(`${ORIGIN}/oic2`, {
      headers: { range: 'bytes=5-6', 'cache-control': 'only-if-cached' },
    });
    expect(response.status).toBe(504);
    expect(origin.seen('/oic2')).toHaveLength(1);
  });
});
