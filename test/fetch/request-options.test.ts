// `redirect` and `mode` on hits and for joined callers (issue 20 finding 5, decision 0020), against
// a scripted network that applies them as fetch does. happy-dom's Request has no `integrity`: that
// is tested in test/node/request-options.test.ts (Node's fetch) and test/fetch/integrity.test.ts;
// every case runs against the engines' own fetch in test/browser/fetch-request-options.test.ts.
import { describe, expect, it } from 'vitest';
import { makeCachedFetch } from './support';

const url = 'https://api.test/resource';
const target = 'https://api.test/elsewhere';
const body = 'the stored bytes';

interface NetworkScript {
  /** Status of the origin's answer (a 3xx redirects to `target`). */
  status?: number;
  /** Answer 304 when the validator matches. */
  conditional?: boolean;
}

/**
 * A network that applies `redirect` as fetch does for a 3xx (Node's `manual`: the 3xx itself) and
 * records the requests it was given.
 */
function scriptedNetwork(script: NetworkScript = {}) {
  const calls: Request[] = [];
  const headers = { 'cache-control': 'max-age=60', etag: '"v1"' };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    calls.push(request);
    if (script.conditional && request.headers.get('if-none-match') === '"v1"') {
      return new Response(null, { status: 304, headers });
    }
    const status = script.status ?? 200;
    if (status >= 300 && status < 400) {
      if (request.redirect === 'error') throw new TypeError('unexpected redirect');
      if (request.redirect === 'manual') {
        return new Response(null, { status, headers: { ...headers, location: target } });
      }
      const followed = new Response(body, { headers });
      Object.defineProperty(followed, 'redirected', { value: true });
      Object.defineProperty(followed, 'url', { value: target });
      return followed;
    }
    return new Response(body, { status, headers });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

async function stored(cf: ReturnType<typeof makeCachedFetch>, init?: RequestInit) {
  await (await cf(url, init)).text();
  await cf.cache.settled();
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('redirect', () => {
  it("a stored response reached through a redirect never answers 'manual' or 'error'", async () => {
    const network = scriptedNetwork({ status: 302 });
    const cf = makeCachedFetch({ fetch: network.fetch });
    await stored(cf);
    // force-cache serves what is stored without asking (decision 0006 asks otherwise): to follow.
    const followed = await cf(url, { cache: 'force-cache' });
    expect(followed.redirected).toBe(true);
    expect(followed.headers.get('cache-status')).toMatch(/^cached-fetch; hit/);
    expect(network.calls).toHaveLength(1);

    const init = { cache: 'force-cache' } as const;
    expect(await rejection(cf(url, { ...init, redirect: 'error' }))).toBeInstanceOf(TypeError);
    const manual = await cf(url, { ...init, redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(network.calls.map((request) => request.redirect)).toEqual(['follow', 'error', 'manual']);
  });

  it("the 3xx a 'manual' request got is not stored for the next request that follows", async () => {
    const network = scriptedNetwork({ status: 301 });
    const cf = makeCachedFetch({ fetch: network.fetch });
    await stored(cf, { redirect: 'manual' });
    expect(await cf.cache.entries()).toHaveLength(0);
    const followed = await cf(url);
    expect(followed.status).toBe(200);
    expect(followed.redirected).toBe(true);
  });

  it("a response reached without a redirect answers every mode (stored by a 'manual' request)", async () => {
    const network = scriptedNetwork();
    const cf = makeCachedFetch({ fetch: network.fetch });
    await stored(cf, { redirect: 'manual' });
    for (const redirect of ['follow', 'error', 'manual'] as const) {
      expect((await cf(url, { redirect })).headers.get('cache-status')).toMatch(/hit/);
    }
    expect(network.calls).toHaveLength(1);
  });

  it('callers with different redirect modes never share one request', async () => {
    const network = scriptedNetwork({ status: 302 });
    const cf = makeCachedFetch({ fetch: network.fetch });
    const followed = cf(url);
    const refused = rejection(cf(url, { redirect: 'error' }));
    expect((await followed).redirected).toBe(true);
    expect(await refused).toBeInstanceOf(TypeError);
    expect(network.calls).toHaveLength(2);
  });
});

describe('mode', () => {
  it("'no-cors' is passed to fetch: never a stored response, never joined, nothing stored", async () => {
    const network = scriptedNetwork();
    const cf = makeCachedFetch({ fetch: network.fetch });
    await stored(cf);
    const leader = cf(url);
    const noCors = await cf(url, { mode: 'no-cors' });
    await (await leader).text();
    expect(noCors.headers.get('cache-status')).toBe('cached-fetch; fwd=bypass; fwd-status=200');
    expect(network.calls.map((request) => request.mode)).toEqual(['cors', 'no-cors']);
  });

  it("'same-origin' for another origin is passed to fetch (which rejects it), even when stored", async () => {
    const network = scriptedNetwork();
    const cf = makeCachedFetch({ fetch: network.fetch });
    const other = 'https://other.test/resource';
    await (await cf(other)).text();
    await cf.cache.settled();
    const response = await cf(other, { mode: 'same-origin' });
    expect(response.headers.get('cache-status')).toBe('cached-fetch; fwd=bypass; fwd-status=200');
    expect(network.calls.map((request) => request.mode)).toEqual(['cors', 'same-origin']);
    // This origin's URL: answered from storage as any other.
    await stored(cf);
    expect((await cf(url, { mode: 'same-origin' })).headers.get('cache-status')).toMatch(/hit/);
  });

  it("'only-if-cached' with an option only fetch can apply is fetch's TypeError, unsent", async () => {
    const network = scriptedNetwork();
    const cf = makeCachedFetch({ fetch: network.fetch });
    await stored(cf);
    const error = await rejection(cf(url, { mode: 'no-cors', cache: 'only-if-cached' }));
    expect(error).toBeInstanceOf(TypeError);
    expect(network.calls).toHaveLength(1);
  });
});
