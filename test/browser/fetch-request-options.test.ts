// `integrity`, `redirect` and `mode` on every path (issue 20 finding 5, decision 0020): each case
// runs against the engine's own fetch and against the cached fetch on a miss, on a hit (what an
// option-less request stored) and for a caller that joins an option-less caller's request; all
// must give the same observable result. Real origin, real IndexedDB, all three engines.
import { afterEach, describe, expect, it } from 'vitest';
import type { CachedFetch } from '../../src/index';
import type { OriginClient } from '../origin/client';
import {
  cleanup,
  crossOrigin,
  movableClock,
  openCachedFetch,
  sameOrigin,
  uniqueDbName,
} from './fetch-support';

afterEach(cleanup);

/** What a caller can observe of a fetch: how it settled, and the response's face and body. */
async function observe(pending: Promise<Response>): Promise<string> {
  let response: Response;
  try {
    response = await pending;
  } catch (error) {
    return `rejects ${(error as Error).name}`;
  }
  const body = await response.text().catch((error: Error) => `unreadable: ${error.name}`);
  const { status, type, redirected } = response;
  return `resolves ${status} ${type} redirected=${redirected} body=${JSON.stringify(body)}`;
}

const body = 'integrity checked';

async function digest(algorithm: string, text: string): Promise<string> {
  const bytes = new Uint8Array(
    await crypto.subtle.digest(algorithm, new TextEncoder().encode(text)),
  );
  return btoa(String.fromCharCode(...bytes));
}

const base64url = (base64: string) => base64.replace(/\+/g, '-').replace(/\//g, '_');

/** Integrity metadata cases: what each engine's fetch does with it is the reference. */
async function integrityCases(): Promise<Record<string, string>> {
  const [sha256, sha384, sha512] = await Promise.all(
    ['SHA-256', 'SHA-384', 'SHA-512'].map((algorithm) => digest(algorithm, body)),
  );
  return {
    'sha256, matching': `sha256-${sha256}`,
    'sha512, matching': `sha512-${sha512}`,
    'sha256, not matching': 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    'strongest (sha384) not matching, weaker matching': `sha256-${sha256} sha384-AAAA`,
    'strongest matching, weaker not': `sha256-AAAA sha384-${sha384}`,
    'two of the strongest, one matching': `sha512-AAAA sha512-${sha512}`,
    'unknown algorithm only': 'md5-AAAA sha1-AAAA',
    'unknown algorithm and a mismatch': 'md5-AAAA sha256-AAAA',
    'upper-case algorithm, unpadded, base64url, options': `SHA256-${base64url(sha256!).replace(/=+$/, '')}?opt`,
    'malformed tokens only': `sha256 sha256- !!! sha256-${sha256}!`,
  };
}

async function scriptedIntegrity(origin: OriginClient, name: string): Promise<string> {
  const path = origin.path(name);
  await origin.script(path, {
    headers: { 'cache-control': 'max-age=600', etag: '"i1"', 'content-type': 'text/plain' },
    body,
    conditional: true,
  });
  return path;
}

/** A stored entry for `url`, as an option-less request left it. */
async function primed(cachedFetch: CachedFetch, url: string): Promise<void> {
  await (await cachedFetch(url)).arrayBuffer().catch(() => {});
  await cachedFetch.cache.settled();
}

describe('integrity, as fetch checks it', () => {
  it('on a miss, a hit and for a joined caller: the same result as fetch for every metadata', {
    timeout: 60_000,
  }, async () => {
    const origin = sameOrigin();
    for (const [label, integrity] of Object.entries(await integrityCases())) {
      const path = await scriptedIntegrity(origin, 'sri');
      const reference = await observe(fetch(path, { integrity, cache: 'no-store' }));

      const miss = await observe(openCachedFetch(uniqueDbName('sri-miss'))(path, { integrity }));
      const cachedFetch = openCachedFetch(uniqueDbName('sri-hit'));
      await primed(cachedFetch, path);
      const seenBefore = (await origin.log(path)).length;
      const hit = await observe(cachedFetch(path, { integrity }));
      // Answered from storage, checked there: the origin heard nothing more.
      expect((await origin.log(path)).length, label).toBe(seenBefore);

      const joining = openCachedFetch(uniqueDbName('sri-join'));
      const leader = joining(path);
      const joined = await observe(joining(path, { integrity }));
      await (await leader).arrayBuffer();

      expect({ label, miss, hit, joined }).toEqual({
        label,
        miss: reference,
        hit: reference,
        joined: reference,
      });
    }
  });

  it('HEAD with integrity is answered as fetch answers it (no body matches no digest)', async () => {
    const origin = sameOrigin();
    const path = await scriptedIntegrity(origin, 'sri-head');
    const integrity = `sha256-${await digest('SHA-256', body)}`;
    const init = { method: 'HEAD', integrity };
    const reference = await observe(fetch(path, { ...init, cache: 'no-store' }));
    const cachedFetch = openCachedFetch(uniqueDbName('sri-head'));
    await primed(cachedFetch, path);
    expect(await observe(cachedFetch(path, init))).toBe(reference);
  });

  it('a stale entry revalidated with a 304 is served checked, as fetch serves the 200', async () => {
    const origin = sameOrigin();
    const path = await scriptedIntegrity(origin, 'sri-304');
    const integrity = `sha256-${await digest('SHA-256', body)}`;
    const reference = await observe(fetch(path, { integrity, cache: 'no-store' }));
    const clock = movableClock();
    const cachedFetch = openCachedFetch(uniqueDbName('sri-304'), { now: clock.now });
    await primed(cachedFetch, path);
    clock.advance(601_000);

    const response = cachedFetch(path, { integrity });
    expect(await observe(response)).toBe(reference);
    expect((await response).headers.get('cache-status')).toMatch(/fwd-status=304/);
    // The conditional request went out (and a 304 came back, which fetch would fail on its own).
    const log = await origin.log(path);
    expect(log.at(-1)?.headers['if-none-match']).toBe('"i1"');
  });
});

/** `from` redirects to `to`, a storable 200 with validators. */
async function scriptedRedirect(origin: OriginClient) {
  const from = origin.path('moved');
  const to = origin.path('target');
  await origin.script(from, { status: 302, headers: { location: to } });
  await origin.script(to, {
    headers: { 'cache-control': 'max-age=600', etag: '"r1"' },
    body: 'arrived',
    conditional: true,
  });
  return { from, to };
}

describe('redirect, as fetch applies it', () => {
  for (const redirect of ['manual', 'error', 'follow'] as const) {
    it(`redirect: '${redirect}' for a URL that redirected: miss, stored, joined`, async () => {
      const origin = sameOrigin();
      const { from, to } = await scriptedRedirect(origin);
      const reference = await observe(fetch(from, { redirect, cache: 'no-store' }));

      const miss = await observe(
        openCachedFetch(uniqueDbName('redirect-miss'))(from, { redirect }),
      );
      const cachedFetch = openCachedFetch(uniqueDbName('redirect-hit'));
      await primed(cachedFetch, from);
      const targetSeen = (await origin.log(to)).length;
      // The stored response is revalidated (decision 0006) unless force-cache serves it unasked.
      const stored = await observe(cachedFetch(from, { redirect }));
      const forced = await observe(cachedFetch(from, { redirect, cache: 'force-cache' }));
      if (redirect === 'manual') {
        // Asked the origin, which redirected; the stored target was not fetched again.
        expect((await origin.log(to)).length).toBe(targetSeen);
      }

      const joining = openCachedFetch(uniqueDbName('redirect-join'));
      const leader = joining(from);
      const joined = await observe(joining(from, { redirect }));
      await (await leader).arrayBuffer();

      expect({ miss, stored, forced, joined }).toEqual({
        miss: reference,
        stored: reference,
        forced: reference,
        joined: reference,
      });
    });
  }

  it('a stored 301 without Location: manual and error get what this engine gives', async () => {
    const origin = sameOrigin();
    const path = origin.path('no-location');
    await origin.script(path, {
      status: 301,
      headers: { 'cache-control': 'max-age=600' },
      body: 'moved, but where?',
    });
    const cachedFetch = openCachedFetch(uniqueDbName('no-location'));
    await primed(cachedFetch, path);
    for (const redirect of ['manual', 'error', 'follow'] as const) {
      const reference = await observe(fetch(path, { redirect, cache: 'no-store' }));
      expect(await observe(cachedFetch(path, { redirect })), redirect).toBe(reference);
    }
  });

  it("what redirect: 'manual' got from the network is not stored for the next follow", async () => {
    const origin = sameOrigin();
    const { from } = await scriptedRedirect(origin);
    const cachedFetch = openCachedFetch(uniqueDbName('manual-then-follow'));
    await observe(cachedFetch(from, { redirect: 'manual' }));
    await cachedFetch.cache.settled();
    expect(await observe(cachedFetch(from))).toBe(
      await observe(fetch(from, { cache: 'no-store' })),
    );
    expect(await cachedFetch.cache.entries()).toHaveLength(1);
  });
});

describe('mode, as fetch applies it', () => {
  it("mode: 'same-origin' for another origin rejects, stored or not, and nothing is sent", async () => {
    const origin = crossOrigin();
    const path = origin.path('same-origin-mode');
    await origin.script(path, { headers: { 'cache-control': 'max-age=600' }, body: 'cross' });
    const url = origin.url + path;
    const init: RequestInit = { mode: 'same-origin' };
    const reference = await observe(fetch(url, init));

    const cachedFetch = openCachedFetch(uniqueDbName('same-origin'));
    expect(await observe(cachedFetch(url, init))).toBe(reference);
    await primed(cachedFetch, url);
    const seen = (await origin.log(path)).length;
    expect(await observe(cachedFetch(url, init))).toBe(reference);
    const joining = openCachedFetch(uniqueDbName('same-origin-join'));
    const leader = joining(url);
    expect(await observe(joining(url, init))).toBe(reference);
    await (await leader).arrayBuffer();
    expect((await origin.log(path)).length).toBe(seen + 1); // the leader's request only
  });

  for (const [label, crossing] of [
    ['another origin', true],
    ['this origin', false],
  ] as const) {
    it(`mode: 'no-cors' for ${label}: what fetch gives, never a readable stored response`, async () => {
      const origin = crossing ? crossOrigin() : sameOrigin();
      const path = origin.path('no-cors');
      await origin.script(path, { headers: { 'cache-control': 'max-age=600' }, body: 'secret' });
      const url = crossing ? origin.url + path : path;
      const init: RequestInit = { mode: 'no-cors' };
      const reference = await observe(fetch(url, { ...init, cache: 'no-store' }));

      const cachedFetch = openCachedFetch(uniqueDbName('no-cors'));
      const miss = await observe(cachedFetch(url, init));
      await primed(cachedFetch, url);
      const stored = await observe(cachedFetch(url, init));
      const joining = openCachedFetch(uniqueDbName('no-cors-join'));
      const leader = joining(url);
      const joined = await observe(joining(url, init));
      await (await leader).arrayBuffer();
      expect({ miss, stored, joined }).toEqual({
        miss: reference,
        stored: reference,
        joined: reference,
      });
    });
  }

  it("mode: 'navigate' cannot be made by script, here as with fetch", async () => {
    const cachedFetch = openCachedFetch(uniqueDbName('navigate'));
    const init = { mode: 'navigate' } as unknown as RequestInit;
    const reference = await observe(fetch('/x', init));
    expect(reference).toBe('rejects TypeError');
    expect(await observe(cachedFetch('/x', init))).toBe(reference);
  });
});
