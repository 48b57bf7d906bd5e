// Read-your-writes in a real browser: a response just fetched and read is reused at once by the
// next request in the same tab, while its write to IndexedDB may still be under way.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, openCachedFetch, recordEvents, sameOrigin, uniqueDbName } from './fetch-support';

afterEach(cleanup);

const tries = 25;

describe.each([
  { memory: 'on', options: {} },
  { memory: 'off', options: { memory: false as const } },
])('fetch, read the body, fetch again at once (memory tier $memory)', ({ options }) => {
  it.each([
    { status: 200, body: 'fresh body' },
    { status: 204, body: '' },
  ])(
    `the refetch of a fresh $status is a hit every time (${tries} URLs): the origin sees each URL once`,
    async ({ status, body }) => {
      const origin = sameOrigin();
      const cachedFetch = openCachedFetch(uniqueDbName('read-your-writes'), options);
      const hits = recordEvents(cachedFetch, 'hit');
      const paths = Array.from({ length: tries }, (_, i) => origin.path(`ryw-${status}-${i}`));
      for (const path of paths) {
        await origin.script(path, {
          status,
          headers: { 'cache-control': 'max-age=600', 'content-type': 'text/plain' },
          ...(status === 204 ? {} : { body }),
        });
      }

      const refetched: string[] = [];
      for (const path of paths) {
        const first = await cachedFetch(path);
        expect(await first.text()).toBe(body);
        const again = await cachedFetch(path);
        expect(again.status).toBe(status);
        expect(await again.text()).toBe(body);
        refetched.push(again.headers.get('cache-status') ?? '');
      }

      expect(refetched.filter((value) => value.startsWith('cached-fetch; hit'))).toHaveLength(
        tries,
      );
      expect(hits).toHaveLength(tries);
      for (const path of paths) expect(await origin.log(path)).toHaveLength(1);
    },
  );
});
