// Proves the browser project runs in real Chromium with real IndexedDB and a real origin.
import { openDB } from 'idb';
import { describe, expect, inject, it } from 'vitest';
import { originClient } from '../origin/client';

describe('real Chromium', () => {
  it('round-trips an ArrayBuffer through IndexedDB via idb', async () => {
    const db = await openDB(`smoke-${Math.random()}`, 1, {
      upgrade: (database) => database.createObjectStore('bodies'),
    });
    const bytes = new TextEncoder().encode('hello').buffer;
    await db.put('bodies', bytes, 'k');
    const back = (await db.get('bodies', 'k')) as ArrayBuffer;
    expect(back).toBeInstanceOf(ArrayBuffer);
    expect(new TextDecoder().decode(back)).toBe('hello');
    db.close();
  });

  it('returns the raw 304 to a fetch that carries If-None-Match (same origin)', async () => {
    const origin = originClient(location.origin);
    const path = origin.path('etag');
    await origin.script(path, {
      headers: { etag: '"v1"', 'cache-control': 'max-age=0' },
      body: 'one',
      conditional: true,
    });
    const res = await fetch(path, { headers: { 'if-none-match': '"v1"' } });
    expect(res.status).toBe(304);
    const log = await origin.log(path);
    expect(log).toHaveLength(1);
    expect(log[0]?.headers['if-none-match']).toBe('"v1"');
  });

  it('reaches the cross-origin test origin started in globalSetup', async () => {
    const origin = originClient(inject('originUrl'));
    const path = origin.path('cors');
    await origin.script(path, { body: 'hi', headers: { 'cache-control': 'no-store' } });
    const res = await fetch(origin.url + path);
    expect(await res.text()).toBe('hi');
    expect(await origin.log(path)).toHaveLength(1);
  });
});
