// The attack of decision 0018 on fake-indexeddb: two users' requests with bearer tokens and API
// keys (Vary on them, the all-headers rule of a cross-origin response that hides Vary, no Vary at
// all), then every record of every object store read raw: no token appears anywhere.
import { afterEach, describe, expect, it } from 'vitest';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { rawDelete, rawDump, rawOpen } from '../store/raw-indexeddb';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();
const CDN = 'https://cdn.test';
let name = '';

afterEach(async () => {
  await rawDelete(name);
});

/** The network, with responses from CDN made `cors` as a browser would (Vary not exposed). */
const asBrowser: typeof fetch = async (input, init) => {
  const response = await globalThis.fetch(input, init);
  if (new Request(input).url.startsWith(CDN))
    Object.defineProperty(response, 'type', { value: 'cors' });
  return response;
};

const users = {
  alice: { authorization: 'Bearer tok-alice-9f8e7d', 'x-api-key': 'key-alice-1a2b3c' },
  bob: { authorization: 'Bearer tok-bob-6c5b4a', 'x-api-key': 'key-bob-0z9y8x' },
};
const secrets = Object.values(users).flatMap((headers) => Object.values(headers));

describe('no credential at rest in IndexedDB (decision 0018)', () => {
  it('two users: no token, key or Authorization value in any record of any object store', async () => {
    name = `creds-${Math.random().toString(36).slice(2)}`;
    origin.reply('/api/vary', {
      headers: { 'cache-control': 'private, max-age=300', vary: 'Authorization, X-Api-Key' },
      body: 'varied',
    });
    origin.reply('/api/me', {
      headers: { 'cache-control': 'private, max-age=300', etag: '"me"' },
      body: 'me',
    });
    origin.reply(`${CDN}/data`, { headers: { 'cache-control': 'max-age=300' }, body: 'cdn' });
    const store = new IndexedDBStore({ name });
    const cf = makeCachedFetch({ store, fetch: asBrowser, secretHeaders: ['x-api-key'] });
    for (const headers of Object.values(users)) {
      for (const url of [`${ORIGIN}/api/vary`, `${ORIGIN}/api/me`, `${CDN}/data`]) {
        await (await cf(url, { headers })).text();
        await cf.cache.settled();
      }
    }
    // What was stored is used: each user's own variants are hits.
    const again = await cf(`${CDN}/data`, { headers: users.alice });
    expect(again.headers.get('cache-status')).toContain('hit');
    const entries = await cf.cache.entries();
    expect(entries.map((e) => e.vary.length).sort()).toEqual([0, 2, 2, 2, 2]);
    await cf.cache.close();

    const db = await rawOpen(name);
    try {
      const dump = await rawDump(db);
      // The dump is complete: the stored bodies are in it.
      expect(dump).toContain('varied');
      expect(dump).toContain('cdn');
      for (const secret of secrets) expect(dump).not.toContain(secret);
      expect(dump).not.toContain('Bearer');
    } finally {
      db.close();
    }
    expect(JSON.stringify(entries)).not.toMatch(/tok-|key-alice|key-bob|Bearer/);
  });
});
