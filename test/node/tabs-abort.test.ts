// Abort mid-body against a really slow origin (issue 4), in Debian's Chromium: the origin sends
// half the body and holds the rest until the test lets it go, so the page's abort certainly
// happens mid-body. Nothing is stored; the same response read to its end is.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { Tab, uniqueDbName, useTabsHarness } from './tabs-support';

const harness = useTabsHarness();

const bodyBytes = 256 * 1024;

/** `/slow`: a cacheable body whose second half waits for `release()`; counts its requests. */
function slowOrigin() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const state = { requests: 0, release };
  const route = (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/slow')) return false;
    state.requests++;
    const body = Buffer.alloc(bodyBytes, 'y');
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(bodyBytes),
      'cache-control': 'max-age=600',
    });
    res.write(body.subarray(0, bodyBytes / 2));
    void released.then(() => {
      if (!res.destroyed) res.end(body.subarray(bodyBytes / 2));
    });
    return true;
  };
  return { state, route };
}

async function slowTab() {
  const slow = slowOrigin();
  const { server, context } = await harness.start(slow.route);
  const tab = await Tab.open(context, `${server.url}/`);
  await tab.openCache('c', { dbName: uniqueDbName('abort') });
  return { tab, slow, url: `${server.url}/slow` };
}

describe('a slow origin', () => {
  it('control: the body read to its end is stored, and then a hit', async () => {
    const { tab, slow, url } = await slowTab();
    const started = await tab.startRead('c', url);
    expect(started.status).toBe(200);
    expect(started.bytes).toBeGreaterThan(0);
    expect(started.bytes).toBeLessThan(bodyBytes);
    expect(await tab.stats('c')).toMatchObject({ entries: 0 });

    slow.state.release();
    expect(await tab.readRest(started.handle)).toEqual({ bytes: bodyBytes });
    await tab.settled('c');
    expect(await tab.stats('c')).toMatchObject({ entries: 1 });
    const hit = await tab.fetchOk('c', url);
    expect(hit.body.length).toBe(bodyBytes);
    expect(hit.headers['cache-status']).toMatch(/^cached-fetch; hit; /);
    expect(slow.state.requests).toBe(1);
  }, 30_000);

  // In WebKit this test is retried once, as every WebKit test is (vitest.config.ts, `retryOf`).
  it('the page aborts mid-body: AbortError, nothing stored, the next fetch reaches the origin', {
    timeout: 30_000,
  }, async () => {
    const { tab, slow, url } = await slowTab();
    const started = await tab.startRead('c', url);
    expect(started.bytes).toBeLessThan(bodyBytes);
    expect(await tab.abortRead(started.handle)).toBe('AbortError');

    // The origin may now send the rest: the aborted download must not become a stored copy.
    slow.state.release();
    await tab.settled('c');
    expect(await tab.stats('c')).toMatchObject({ entries: 0 });
    expect((await tab.events('c')).map((e) => e.type)).not.toContain('stored');

    const next = await tab.fetchOk('c', url, {}, true);
    expect(next.body.length).toBe(bodyBytes);
    expect(next.headers['cache-status']).toMatch(
      /^cached-fetch; fwd=uri-miss; fwd-status=200; stored; /,
    );
    expect(slow.state.requests).toBe(2);
    expect(await tab.stats('c')).toMatchObject({ entries: 1 });
    expect(await tab.errors()).toEqual([]);
  });
});
