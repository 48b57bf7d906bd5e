// Forgetting what the origin refused (docs/decisions/0019), against a real node:http origin: after
// a refused revalidation the old body never comes back, in any mode, and the origin log shows who
// was asked.
import { describe, expect, it } from 'vitest';
import { refusalCases, secret } from '../fetch/refusal-cases';
import type { ScriptedResponse } from '../origin/server';
import { cachedFetchFor, fixedClock, origin } from './support';

const down: ScriptedResponse = { status: 503, body: 'down' };

describe('a refused revalidation against a real origin (decision 0019)', () => {
  it.each(refusalCases)(
    '$label: the old body is never served again',
    async ({ status, headers, servedOnce }) => {
      // The test origin answers 304 itself to a matching If-None-Match (`conditional`).
      const refusal: ScriptedResponse =
        status === 304
          ? { headers, body: 'unused', conditional: true }
          : { status, headers, body: 'refused' };
      const o = origin();
      const path = o.path('doc');
      const url = o.url + path;
      const clock = fixedClock();
      const cf = cachedFetchFor({ now: clock.now, offline: 'stale' });
      await o.script(path, {
        headers: { 'cache-control': 'private, max-age=1, stale-if-error=86400', etag: '"v1"' },
        body: secret,
      });
      expect(await (await cf(url)).text()).toBe(secret);
      await cf.cache.settled();

      clock.advance(2000);
      await o.script(path, refusal);
      expect(await (await cf(url)).text()).toBe(servedOnce);
      await cf.cache.settled();
      const log = await o.log(path);
      expect(log).toHaveLength(2);
      expect(log[1]?.headers['if-none-match']).toBe('"v1"');

      await o.script(path, down);
      const forced = await cf(url, { cache: 'force-cache' });
      expect([forced.status, await forced.text()]).toEqual([503, 'down']);
      await expect(cf(url, { cache: 'only-if-cached', mode: 'same-origin' })).rejects.toThrow(
        TypeError,
      );
      const directive = await cf(url, { headers: { 'cache-control': 'only-if-cached' } });
      expect(directive.status).toBe(504);
      expect(await o.log(path)).toHaveLength(3);
      // stale-if-error=86400 would have answered this 503 with the old body.
      const failed = await cf(url);
      expect([failed.status, await failed.text()]).toEqual([503, 'down']);
      // offline: 'stale' would have answered the origin's silence with it.
      await o.script(path, { reset: true });
      await expect(cf(url)).rejects.toThrow(TypeError);
      expect(await o.log(path)).toHaveLength(5);
      await cf.cache.settled();
      expect(await cf.cache.entries()).toEqual([]);
      await cf.cache.close();
    },
  );

  it('a 503 with no-store is no refusal: stale-if-error still answers with the stored body', async () => {
    const o = origin();
    const path = o.path('kept');
    const url = o.url + path;
    const clock = fixedClock();
    const cf = cachedFetchFor({ now: clock.now });
    await o.script(path, {
      headers: { 'cache-control': 'max-age=1, stale-if-error=86400', etag: '"v1"' },
      body: secret,
    });
    await (await cf(url)).text();
    await cf.cache.settled();
    clock.advance(2000);
    await o.script(path, { status: 503, headers: { 'cache-control': 'no-store' }, body: 'down' });
    const standIn = await cf(url);
    expect(await standIn.text()).toBe(secret);
    expect(standIn.headers.get('cache-status')).toContain('detail="stale-if-error"');
    expect(await o.log(path)).toHaveLength(2);
    await cf.cache.close();
  });
});
