// Large bodies in real IndexedDB, kept as Blobs (decision 0012): a hit, a 304 and a changed
// response all give back the exact bytes, with the memory tier on or off.
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  fetchAndStore,
  movableClock,
  openCachedFetch,
  sameOrigin,
  uniqueDbName,
} from './fetch-support';

afterEach(cleanup);

const size = 100 * 1024;

describe.each([
  { memory: 'on', options: {} },
  { memory: 'off', options: { memory: false as const } },
])('a 100 KB body (memory tier $memory)', ({ options }) => {
  it('is served whole from the store by a fresh instance, and after a 304 (RFC 9111 §4.3.4)', async () => {
    const origin = sameOrigin();
    const path = origin.path('large');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=10', etag: '"big"' },
      bodyBytes: size,
      conditional: true,
    });
    const name = uniqueDbName('large');
    const clock = movableClock();
    const first = openCachedFetch(name, { now: clock.now, ...options });
    const { body } = await fetchAndStore(first, path);
    expect(body).toHaveLength(size);
    await first.cache.close();

    const second = openCachedFetch(name, { now: clock.now, ...options });
    const hit = await second(path);
    expect(hit.headers.get('cache-status')).toMatch(/^cached-fetch; hit/);
    expect(await hit.text()).toBe('x'.repeat(size));

    clock.advance(20_000);
    const revalidated = await second(path);
    expect(revalidated.status).toBe(200);
    expect(revalidated.headers.get('cache-status')).toMatch(/fwd-status=304/);
    expect(await revalidated.text()).toBe('x'.repeat(size));
    const log = await origin.log(path);
    expect(log).toHaveLength(2);
    expect(log[1]!.headers['if-none-match']).toBe('"big"');
  });
});
