// Decision 0018: a stored response is reused without the origin only for the credentials it was
// fetched with; Vary on a credential the script cannot see is unmatchable; and no credential is
// kept in plain text (entries(), the store, revalidate(entry)).
import { describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();

const me = (request: Request) => ({
  headers: { 'cache-control': 'private, max-age=300', etag: '"v1"' },
  body: `me: ${request.headers.get('authorization')}`,
});

describe('credentials-aware reuse (decision 0018)', () => {
  it("another user's bearer token is never served the stored response: the origin hears of bob", async () => {
    origin.reply('/api/me', me);
    const cf = makeCachedFetch();
    const alice = { headers: { authorization: 'Bearer alice' } };
    const bob = { headers: { authorization: 'Bearer bob' } };
    expect(await (await cf(`${ORIGIN}/api/me`, alice)).text()).toBe('me: Bearer alice');
    await cf.cache.settled();
    const forBob = await cf(`${ORIGIN}/api/me`, bob);
    expect(await forBob.text()).toBe('me: Bearer bob');
    const seen = origin.seen('/api/me');
    expect(seen.map((request) => request.headers.get('authorization'))).toEqual([
      'Bearer alice',
      'Bearer bob',
    ]);
    // Asked with the stored validators: a token refresh of the same user costs a 304.
    expect(seen[1]!.headers.get('if-none-match')).toBe('"v1"');
    // The same user again: a hit.
    await cf.cache.settled();
    const again = await cf(`${ORIGIN}/api/me`, bob);
    expect(await again.text()).toBe('me: Bearer bob');
    expect(again.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/api/me')).toHaveLength(2);
  });

  it('a refreshed token of the same user costs a 304, and the stored body is served', async () => {
    origin.reply('/api/me', me, { status: 304, headers: { etag: '"v1"' } });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/api/me`, { headers: { authorization: 'Bearer t1' } })).text();
    await cf.cache.settled();
    const refreshed = await cf(`${ORIGIN}/api/me`, { headers: { authorization: 'Bearer t2' } });
    expect(await refreshed.text()).toBe('me: Bearer t1');
    expect(refreshed.headers.get('cache-status')).toContain('fwd-status=304');
    await cf.cache.settled();
    // The 304 validated it for t2: a hit now.
    const hit = await cf(`${ORIGIN}/api/me`, { headers: { authorization: 'Bearer t2' } });
    expect(hit.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/api/me')).toHaveLength(2);
  });

  it('a request without credentials is not served what was fetched with them, nor the reverse', async () => {
    origin.reply('/api/doc', (request) => ({
      headers: { 'cache-control': 'max-age=300' },
      body: request.headers.get('authorization') ?? 'anonymous',
    }));
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/api/doc`, { headers: { authorization: 'Bearer alice' } })).text();
    await cf.cache.settled();
    expect(await (await cf(`${ORIGIN}/api/doc`)).text()).toBe('anonymous');
    await cf.cache.settled();
    const back = await cf(`${ORIGIN}/api/doc`, { headers: { authorization: 'Bearer alice' } });
    expect(await back.text()).toBe('Bearer alice');
    expect(origin.seen('/api/doc')).toHaveLength(3);
  });

  it("force-cache, only-if-cached and offline: 'stale' never give another user's response", async () => {
    origin.reply('/api/me', me, { networkError: true });
    const cf = makeCachedFetch({ offline: 'stale' });
    await (await cf(`${ORIGIN}/api/me`, { headers: { authorization: 'Bearer alice' } })).text();
    await cf.cache.settled();
    const bob = { headers: { authorization: 'Bearer bob' } };
    await expect(cf(`${ORIGIN}/api/me`, { ...bob, cache: 'only-if-cached' })).rejects.toThrow(
      TypeError,
    );
    await expect(cf(`${ORIGIN}/api/me`, { ...bob, cache: 'force-cache' })).rejects.toThrow();
    expect(origin.seen('/api/me').map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer alice',
      'Bearer bob',
    ]);
  });

  it('a request without any credential header pays nothing: no hashing, no key', async () => {
    origin.reply('/plain', { headers: { 'cache-control': 'max-age=60' }, body: 'p' });
    const store = new MemoryStore();
    let asked = 0;
    store.hashKey = () => {
      asked += 1;
      return Promise.resolve(new ArrayBuffer(32));
    };
    const cf = makeCachedFetch({ store });
    await (await cf(`${ORIGIN}/plain`)).text();
    await cf.cache.settled();
    await (await cf(`${ORIGIN}/plain`)).text();
    expect(asked).toBe(0);
  });
});

describe('Vary on a credential the script cannot see (decision 0018)', () => {
  it('Vary: Authorization to a request without a script-visible Authorization is not stored', async () => {
    origin.reply('/api/payroll', {
      headers: { 'cache-control': 'private, max-age=300', vary: 'Authorization' },
      body: 'payroll of whoever the browser signed in',
    });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/api/payroll`)).text();
    await cf.cache.settled();
    expect((await cf.cache.stats()).entries).toBe(0);
    await (await cf(`${ORIGIN}/api/payroll`)).text();
    expect(origin.seen('/api/payroll')).toHaveLength(2);
  });

  it('an entry stored before the rule, varying on an absent Authorization, is never matched', async () => {
    origin.reply('/api/payroll', {
      headers: { 'cache-control': 'private, max-age=300', vary: 'Authorization' },
      body: 'alice',
    });
    const store = new MemoryStore();
    // No memory tier: the entry rewritten below is what the next lookup reads.
    const cf = makeCachedFetch({ store, memory: false });
    await (await cf(`${ORIGIN}/api/payroll`, { headers: { authorization: 'Basic x' } })).text();
    await cf.cache.settled();
    // Rewrite it as an earlier version stored a Basic-auth response: Authorization absent.
    const [stored] = await store.list();
    await store.clear();
    await store.put(
      { ...stored!, id: 'old', secondaryKey: JSON.stringify([['authorization', null]]) },
      new TextEncoder().encode('alice').buffer,
    );
    const response = await cf(`${ORIGIN}/api/payroll`);
    expect(response.headers.get('cache-status')).not.toContain('hit');
    expect(origin.seen('/api/payroll')).toHaveLength(2);
  });

  it('Vary: Authorization with a script-visible Authorization keys on its hash', async () => {
    origin.reply('/api/v', (request) => ({
      headers: { 'cache-control': 'max-age=300', vary: 'Authorization' },
      body: request.headers.get('authorization')!,
    }));
    const cf = makeCachedFetch();
    for (const user of ['alice', 'bob']) {
      await (await cf(`${ORIGIN}/api/v`, { headers: { authorization: `Bearer ${user}` } })).text();
      await cf.cache.settled();
    }
    const alice = await cf(`${ORIGIN}/api/v`, { headers: { authorization: 'Bearer alice' } });
    expect(await alice.text()).toBe('Bearer alice');
    expect(alice.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/api/v')).toHaveLength(2);
  });
});

describe('no secret at rest (decision 0018)', () => {
  it('entries() shows hashes, never the token, for Vary and for the all-headers rule', async () => {
    origin.reply('/api/v', {
      headers: { 'cache-control': 'max-age=300', vary: 'Authorization, X-Api-Key' },
      body: 'v',
    });
    const store = new MemoryStore();
    const cf = makeCachedFetch({ store, secretHeaders: ['X-Api-Key'] });
    await (
      await cf(`${ORIGIN}/api/v`, {
        headers: { authorization: 'Bearer s3cret-alice', 'x-api-key': 'k3y-alice' },
      })
    ).text();
    await cf.cache.settled();
    const [info] = await cf.cache.entries();
    expect(info!.vary.map(([name]) => name)).toEqual(['authorization', 'x-api-key']);
    for (const [, value] of info!.vary) expect(value).toMatch(/^hmac:[\w-]{22}$/);
    const everything = JSON.stringify([await cf.cache.entries(), await store.list()]);
    expect(everything).not.toContain('s3cret-alice');
    expect(everything).not.toContain('k3y-alice');
  });

  it('revalidate(entry) refuses an entry that varies on a credential, sending nothing', async () => {
    origin.reply('/api/v', {
      headers: { 'cache-control': 'max-age=300', vary: 'Authorization' },
      body: 'v',
    });
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/api/v`, { headers: { authorization: 'Bearer alice' } })).text();
    await cf.cache.settled();
    const [info] = await cf.cache.entries();
    await expect(cf.cache.revalidate(info!)).rejects.toThrow(/varies on authorization/);
    expect(origin.seen('/api/v')).toHaveLength(1);
  });

  it('revalidate(entry) of an entry fetched with credentials it does not vary on sends none', async () => {
    origin.reply('/api/me', me);
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/api/me`, { headers: { authorization: 'Bearer alice' } })).text();
    await cf.cache.settled();
    const [info] = await cf.cache.entries();
    await (await cf.cache.revalidate(info!)).text();
    const seen = origin.seen('/api/me');
    expect(seen).toHaveLength(2);
    expect(seen[1]!.headers.get('authorization')).toBeNull();
  });

  it('secretHeaders is checked eagerly: a TypeError naming it', () => {
    expect(() => makeCachedFetch({ secretHeaders: 'x-api-key' as never })).toThrow(
      /options\.secretHeaders/,
    );
    expect(() => makeCachedFetch({ secretHeaders: ['bad name'] })).toThrow(
      /options\.secretHeaders/,
    );
  });
});

describe('a POST response stored for later GETs (RFC 9110 §9.3.3) keeps no credential either', () => {
  it('its Vary on Authorization holds a hash, and another user is not served it', async () => {
    origin.reply('/api/doc', (request) => ({
      headers: {
        'cache-control': 'private, max-age=300',
        'content-location': `${ORIGIN}/api/doc`,
        vary: 'Authorization, X-Tenant',
      },
      body: `doc for ${request.headers.get('authorization')}`,
    }));
    const store = new MemoryStore();
    const cf = makeCachedFetch({ store });
    const alice = { authorization: 'Bearer post-alice', 'x-tenant': 't1' };
    await (await cf(`${ORIGIN}/api/doc`, { method: 'POST', headers: alice, body: 'x' })).text();
    await cf.cache.settled();
    const stored = await store.list();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain('post-alice');
    const bob = await cf(`${ORIGIN}/api/doc`, {
      headers: { authorization: 'Bearer post-bob', 'x-tenant': 't1' },
    });
    expect(await bob.text()).toBe('doc for Bearer post-bob');
    expect(origin.seen('/api/doc')).toHaveLength(2);
  });

  it('without Vary, it is reused only for the credentials of the POST', async () => {
    origin.reply('/api/note', (request) => ({
      headers: {
        'cache-control': 'private, max-age=300',
        'content-location': `${ORIGIN}/api/note`,
      },
      body: `note for ${request.headers.get('authorization')}`,
    }));
    const cf = makeCachedFetch();
    const post = { method: 'POST', headers: { authorization: 'Bearer a' }, body: 'x' };
    await (await cf(`${ORIGIN}/api/note`, post)).text();
    await cf.cache.settled();
    const anonymous = await cf(`${ORIGIN}/api/note`);
    expect(await anonymous.text()).toBe('note for null');
    await cf.cache.settled();
    const alice = await cf(`${ORIGIN}/api/note`, { headers: { authorization: 'Bearer a' } });
    expect(alice.headers.get('cache-status')).not.toContain('fwd=uri-miss');
  });
});

describe('tab messages carry no credential (decision 0018)', () => {
  it('what other tabs are told names keys, URLs and partitions only', async () => {
    origin.reply('/api/v', {
      headers: { 'cache-control': 'max-age=300', vary: 'Authorization' },
      body: 'v',
    });
    const posted: unknown[] = [];
    const spy = vi
      .spyOn(BroadcastChannel.prototype, 'postMessage')
      .mockImplementation((message: unknown) => void posted.push(message));
    try {
      const cf = makeCachedFetch({ crossTab: true });
      const headers = { authorization: 'Bearer tab-secret' };
      await (await cf(`${ORIGIN}/api/v`, { headers })).text();
      await cf.cache.settled();
      await (await cf(`${ORIGIN}/api/v`, { method: 'DELETE', headers })).text();
      await cf.cache.settled();
      await cf.cache.close();
      expect(posted.some((m) => (m as { type?: string }).type === 'written')).toBe(true);
      expect(JSON.stringify(posted)).not.toContain('tab-secret');
    } finally {
      spy.mockRestore();
    }
  });
});
