// A hit looks like what Chromium's fetch gave on the miss (issue 4, "Behaviour"): url, redirected,
// type, a readable body, clone(); HEAD answered from a stored GET. Real Chromium, real IndexedDB.
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  crossOrigin,
  fetchAndStore,
  openCachedFetch,
  sameOrigin,
  uniqueDbName,
} from './fetch-support';

afterEach(cleanup);

describe('a hit is a drop-in for the response fetch gave', () => {
  it('after a redirect (decision 0006): revalidated through the redirect, the 304 serves the stored body with the final url and redirected: true', async () => {
    const origin = sameOrigin();
    const from = origin.path('moved');
    const to = origin.path('target');
    await origin.script(from, { status: 302, headers: { location: to } });
    await origin.script(to, {
      headers: { 'cache-control': 'max-age=600', etag: '"t1"' },
      body: 'arrived',
      conditional: true,
    });
    const cachedFetch = openCachedFetch(uniqueDbName('redirect'));

    const miss = await fetchAndStore(cachedFetch, from);
    expect(miss.response.redirected).toBe(true);
    expect(miss.response.url).toBe(new URL(to, location.href).href);

    const again = await cachedFetch(from);
    expect(again.headers.get('cache-status')).toMatch(/^cached-fetch; fwd=stale; fwd-status=304; /);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('arrived');
    expect(again.url).toBe(miss.response.url);
    expect(again.redirected).toBe(true);
    expect(again.type).toBe(miss.response.type);
    // The redirect was asked again, and the validators rode it to the final URL.
    expect(await origin.log(from)).toHaveLength(2);
    const targetLog = await origin.log(to);
    expect(targetLog).toHaveLength(2);
    expect(targetLog[1]?.headers['if-none-match']).toBe('"t1"');
  });

  it('a hit can be cloned and both bodies read; a Request with an init override is accepted', async () => {
    const origin = sameOrigin();
    const path = origin.path('clone');
    await origin.script(path, { headers: { 'cache-control': 'max-age=600' }, body: 'twice' });
    const cachedFetch = openCachedFetch(uniqueDbName('clone'));
    await fetchAndStore(cachedFetch, new Request(path, { method: 'POST' }), { method: 'GET' });

    const hit = await cachedFetch(new Request(path));
    const copy = hit.clone();
    expect(await hit.text()).toBe('twice');
    expect(await copy.text()).toBe('twice');
    expect(copy.url).toBe(hit.url);
    expect(copy.headers.get('cache-status')).toMatch(/^cached-fetch; hit; /);
    expect(await origin.log(path)).toHaveLength(1);
    expect((await origin.log(path))[0]?.method).toBe('GET');
  });

  it('HEAD is answered from the stored GET: its headers, no body, no request', async () => {
    const origin = sameOrigin();
    const path = origin.path('head');
    await origin.script(path, {
      headers: { 'cache-control': 'max-age=600', 'content-type': 'text/plain', etag: '"h"' },
      body: 'the body',
    });
    const cachedFetch = openCachedFetch(uniqueDbName('head'));
    await fetchAndStore(cachedFetch, path);

    const head = await cachedFetch(path, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe('"h"');
    expect(head.headers.get('cache-status')).toMatch(/^cached-fetch; hit; /);
    expect(head.body).toBeNull();
    expect(await origin.log(path)).toHaveLength(1);
  });

  it('a cross-origin hit keeps type "cors", as the miss had', async () => {
    const origin = crossOrigin();
    const path = origin.path('cors-type');
    await origin.script(path, { headers: { 'cache-control': 'max-age=600' }, body: 'cors body' });
    const cachedFetch = openCachedFetch(uniqueDbName('cors-type'));

    const miss = await fetchAndStore(cachedFetch, origin.url + path);
    expect(miss.response.type).toBe('cors');
    const hit = await cachedFetch(origin.url + path);
    expect(hit.headers.get('cache-status')).toMatch(/^cached-fetch; hit; /);
    expect(hit.type).toBe('cors');
    expect(await origin.log(path)).toHaveLength(1);
  });
});
