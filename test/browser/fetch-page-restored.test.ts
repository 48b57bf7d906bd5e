// A page restored from the back/forward cache may have missed other tabs' messages: its memory
// tier reads the store again (decision 0012). A real restore cannot be driven here (Chromium under
// automation never restores from the back/forward cache), so the page is sent the event a restore
// fires, in each engine, with a real IndexedDB store.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fetchAndStore, openCachedFetch, sameOrigin, uniqueDbName } from './fetch-support';

afterEach(cleanup);

const fresh = { 'cache-control': 'max-age=600', 'content-type': 'text/plain' };

describe('a page back from the back/forward cache', () => {
  it('pageshow with persisted: memory reads IndexedDB again, and serves what was stored meanwhile', async () => {
    const origin = sameOrigin();
    const path = origin.path('restored');
    await origin.script(path, { headers: fresh, body: 'v1' }, { headers: fresh, body: 'v2' });
    const dbName = uniqueDbName('restored');
    const here = openCachedFetch(dbName, { crossTab: true });
    // Another instance on the same database whose change this page never hears (no channel).
    const elsewhere = openCachedFetch(dbName);
    await fetchAndStore(here, path);
    expect(await (await here(path)).text()).toBe('v1'); // from memory now
    await fetchAndStore(elsewhere, path, { cache: 'reload' });
    expect(await (await here(path)).text()).toBe('v1'); // memory has not heard of v2

    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }));
    expect(await (await here(path)).text()).toBe('v1'); // a first load: nothing was missed
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    const after = await here(path);
    expect(await after.text()).toBe('v2');
    expect(after.headers.get('cache-status')).toMatch(/; hit/);
    expect(await origin.log(path)).toHaveLength(2);
  });
});
