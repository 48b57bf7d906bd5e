// RFC 9111 §4.3.4 in real Chromium, seen through the Chrome DevTools Protocol: a revalidation
// answered 304 finishes as a normal request (loadingFinished), not as a failed one
// (loadingFailed, net::ERR_ABORTED), because the cache reads the 304's body to its end.
import type { CDPSession, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Tab, useTabsHarness } from './tabs-support';

const harness = useTabsHarness();

interface Seen {
  url: string;
  headers: Record<string, string>;
  status?: number;
  finished: boolean;
  failed?: string;
}

/** Every request of the page as DevTools shows it: status, and how it ended. */
async function recordNetwork(session: CDPSession): Promise<Map<string, Seen>> {
  const requests = new Map<string, Seen>();
  session.on('Network.requestWillBeSent', ({ requestId, request }) => {
    const headers = Object.fromEntries(
      Object.entries(request.headers as Record<string, string>).map(([n, v]) => [
        n.toLowerCase(),
        v,
      ]),
    );
    requests.set(requestId, { url: request.url, headers, finished: false });
  });
  session.on('Network.responseReceived', ({ requestId, response }) => {
    const seen = requests.get(requestId);
    if (seen) seen.status = response.status;
  });
  session.on('Network.loadingFinished', ({ requestId }) => {
    const seen = requests.get(requestId);
    if (seen) seen.finished = true;
  });
  session.on('Network.loadingFailed', ({ requestId, errorText }) => {
    const seen = requests.get(requestId);
    if (seen) seen.failed = errorText;
  });
  await session.send('Network.enable');
  return requests;
}

describe('revalidations in DevTools (real Chromium, CDP)', () => {
  it('a 304 revalidation ends as loadingFinished, never net::ERR_ABORTED', async () => {
    const { server, context } = await harness.start();
    const tab = await Tab.open(context, `${server.url}/`);
    // The node project drives Chromium through Playwright: its page gives a CDP session.
    const page = tab.page.native as Page;
    const session = await page.context().newCDPSession(page);
    const requests = await recordNetwork(session);
    const path = server.origin.path('devtools');
    await server.origin.script(path, {
      headers: { 'cache-control': 'max-age=0', etag: '"d1"' },
      body: 'stored body',
      conditional: true,
    });
    await tab.openCache('c', {});
    const url = server.url + path;
    await tab.fetchOk('c', url, {}, true);

    for (let i = 0; i < 3; i++) {
      const revalidated = await tab.fetchOk('c', url);
      expect(revalidated.body).toBe('stored body');
      expect(revalidated.headers['cache-status']).toContain('fwd-status=304');
    }
    // Let the page collect what it dropped, as a long-lived page would.
    await session.send('HeapProfiler.collectGarbage');
    await new Promise((resolve) => setTimeout(resolve, 200));

    const conditional = [...requests.values()].filter(
      (r) => r.url === url && r.headers['if-none-match'] !== undefined,
    );
    expect(conditional.map((r) => [r.status, r.finished, r.failed])).toEqual([
      [304, true, undefined],
      [304, true, undefined],
      [304, true, undefined],
    ]);
    expect(await server.origin.log(path)).toHaveLength(4);
    expect(await tab.errors()).toEqual([]);
  });

  it('a 502 that a stored response replaces ends as loadingFinished, not net::ERR_ABORTED (issue 26)', async () => {
    const { server, context } = await harness.start();
    const tab = await Tab.open(context, `${server.url}/`);
    const page = tab.page.native as Page;
    const session = await page.context().newCDPSession(page);
    const requests = await recordNetwork(session);
    const path = server.origin.path('devtools-gateway');
    await server.origin.script(
      path,
      { headers: { 'cache-control': 'max-age=0', etag: '"g1"' }, body: 'stored body' },
      // A gateway's error page, as a dev proxy sends it: a few KB.
      { status: 502, headers: { 'content-type': 'text/html' }, bodyBytes: 6000 },
    );
    await tab.openCache('c', { offline: 'stale' });
    const url = server.url + path;
    await tab.fetchOk('c', url, {}, true);

    for (let i = 0; i < 3; i++) {
      const standIn = await tab.fetchOk('c', url);
      expect(standIn.body).toBe('stored body');
      expect(standIn.headers['cache-status']).toMatch(
        /fwd-status=502; ttl=-?\d+; detail="offline"$/,
      );
    }
    await session.send('HeapProfiler.collectGarbage');
    await new Promise((resolve) => setTimeout(resolve, 200));

    const conditional = [...requests.values()].filter(
      (r) => r.url === url && r.headers['if-none-match'] !== undefined,
    );
    expect(conditional.map((r) => [r.status, r.finished, r.failed])).toEqual([
      [502, true, undefined],
      [502, true, undefined],
      [502, true, undefined],
    ]);
    expect(await server.origin.log(path)).toHaveLength(4);
    expect(await tab.errors()).toEqual([]);
  });
});
