// Decision 0018's attack in a real browser: two users' bearer tokens and API keys go through the
// cache (Vary on them, a cross-origin response whose Vary is hidden: the all-headers rule, and a
// private response without Vary), then every record of every object store of the real IndexedDB
// database is read raw: no token appears. And the second user never gets the first one's data.
import { afterEach, describe, expect, it } from 'vitest';
import { rawDump, rawOpen } from '../store/raw-indexeddb';
import { cleanup, crossOrigin, openCachedFetch, sameOrigin, uniqueDbName } from './fetch-support';

afterEach(cleanup);

const users = {
  alice: { authorization: 'Bearer tok-alice-9f8e7d', 'x-api-key': 'key-alice-1a2b3c' },
  bob: { authorization: 'Bearer tok-bob-6c5b4a', 'x-api-key': 'key-bob-0z9y8x' },
};

describe('no credential at rest in real IndexedDB (decision 0018)', () => {
  it('two users: no token or key in any record; the second user is never served the first one', async () => {
    const same = sameOrigin();
    const cross = crossOrigin();
    const varied = same.path('api/vary');
    const me = same.path('api/me');
    const cdn = cross.path('data');
    await same.script(varied, {
      headers: { 'cache-control': 'private, max-age=300', vary: 'Authorization, X-Api-Key' },
      body: 'varied body',
    });
    await same.script(me, {
      headers: { 'cache-control': 'private, max-age=300', etag: '"me"' },
      body: 'profile body',
      conditional: true,
    });
    await cross.script(cdn, { headers: { 'cache-control': 'max-age=300' }, body: 'cdn body' });
    const name = uniqueDbName('credentials');
    const cachedFetch = openCachedFetch(name, { secretHeaders: ['x-api-key'] });
    const urls = [varied, me, cross.url + cdn];
    for (const headers of Object.values(users)) {
      for (const url of urls) {
        await (await cachedFetch(url, { headers })).text();
        await cachedFetch.cache.settled();
      }
    }
    // Bob's request for /api/me went to the origin (a 304), carrying his token, not alice's.
    const meLog = await same.log(me);
    expect(meLog.map((request) => request.headers.authorization)).toEqual([
      users.alice.authorization,
      users.bob.authorization,
    ]);
    expect(meLog[1]?.headers['if-none-match']).toBe('"me"');
    expect(await same.log(varied)).toHaveLength(2);
    expect(await cross.log(cdn).then((log) => log.filter((r) => r.method === 'GET'))).toHaveLength(
      2,
    );
    const entries = await cachedFetch.cache.entries();
    expect(entries).toHaveLength(5);
    expect(JSON.stringify(entries)).not.toMatch(/tok-|key-alice|key-bob|Bearer/);
    await cachedFetch.cache.close();

    const db = await rawOpen(name);
    try {
      const dump = await rawDump(db);
      expect(dump).toContain('varied body');
      expect(dump).toContain('cdn body');
      for (const secret of Object.values(users).flatMap((h) => Object.values(h))) {
        expect(dump).not.toContain(secret);
      }
      expect(dump).not.toContain('Bearer');
    } finally {
      db.close();
    }
  });
});
