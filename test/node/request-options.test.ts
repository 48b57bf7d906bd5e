// `integrity` and `redirect` in Node (issue 20 finding 5, decision 0020): Node's fetch is the
// reference, on a miss, a hit, a 304 and for a joined caller, against the real local origin.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cachedFetchFor, fixedClock, origin } from './support';

const body = 'integrity checked';
const sha256 = createHash('sha256').update(body).digest('base64');

/** How a fetch settled, and what the response showed. */
async function observe(pending: Promise<Response>): Promise<string> {
  let response: Response;
  try {
    response = await pending;
  } catch (error) {
    return `rejects ${(error as Error).name}`;
  }
  const text = await response.text();
  return `resolves ${response.status} ${response.type} redirected=${response.redirected} ${text}`;
}

async function scripted(name: string) {
  const server = origin();
  const path = server.path(name);
  await server.script(path, {
    headers: { 'cache-control': 'max-age=60', etag: '"n1"' },
    body,
    conditional: true,
  });
  return { server, path, url: server.url + path };
}

describe('integrity, as Node checks it', () => {
  const cases = {
    matching: `sha256-${sha256}`,
    'not matching': 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    'strongest not matching, weaker matching': `sha256-${sha256} sha512-AAAA`,
    'unknown algorithm only': 'md5-AAAA',
  };
  for (const [label, integrity] of Object.entries(cases)) {
    it(`${label}: miss, hit and joined caller as fetch; the hit is not sent`, async () => {
      const { server, path, url } = await scripted('sri');
      const reference = await observe(fetch(url, { integrity }));
      const cachedFetch = cachedFetchFor();
      expect(await observe(cachedFetch(url, { integrity }))).toBe(reference);
      await cachedFetch.cache.settled();
      const seen = (await server.log(path)).length;
      expect(await observe(cachedFetch(url, { integrity }))).toBe(reference);
      expect((await server.log(path)).length).toBe(seen);

      const joining = cachedFetchFor();
      const leader = joining(url);
      expect(await observe(joining(url, { integrity }))).toBe(reference);
      await (await leader).text();
    });
  }

  it('a stale entry revalidated with a 304: the stored bytes are checked and served', async () => {
    const { server, path, url } = await scripted('sri-304');
    const clock = fixedClock(Date.now());
    const cachedFetch = cachedFetchFor({ now: clock.now });
    await (await cachedFetch(url)).text();
    await cachedFetch.cache.settled();
    clock.advance(61_000);
    const integrity = `sha256-${sha256}`;
    const response = await cachedFetch(url, { integrity });
    expect(await response.text()).toBe(body);
    expect(response.headers.get('cache-status')).toMatch(/fwd-status=304/);
    expect((await server.log(path)).at(-1)?.headers['if-none-match']).toBe('"n1"');
  });
});

describe('redirect, as Node applies it', () => {
  it("'manual' gets the 3xx, 'error' rejects, from a stored redirected response too", async () => {
    const server = origin();
    const from = server.path('moved');
    const to = server.path('target');
    await server.script(from, { status: 302, headers: { location: to } });
    await server.script(to, { headers: { 'cache-control': 'max-age=60' }, body: 'arrived' });
    const url = server.url + from;
    const cachedFetch = cachedFetchFor();
    await (await cachedFetch(url)).text();
    await cachedFetch.cache.settled();
    for (const redirect of ['manual', 'error', 'follow'] as const) {
      const reference = await observe(fetch(url, { redirect }));
      const forced = await observe(cachedFetch(url, { redirect, cache: 'force-cache' }));
      expect(forced, redirect).toBe(reference);
    }
    // The 302 'manual' got was not stored: the next followed request is still the stored 200.
    await cachedFetch.cache.settled();
    expect(await cachedFetch.cache.entries()).toHaveLength(1);
  });
});
