// cached-fetch/inspector in Debian's Chromium: entries grouped by partition with decoded Vary
// values, live counters from events, a body preview, and per-entry revalidate and delete, and
// clear by partition, all acting on the real IndexedDB cache (and seen by the origin).
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../chromium';
import { type PageServer, startPageServer } from './page-harness';

// The README shows docs/inspector.png; refresh it with UPDATE_SCREENSHOTS=1, so that a plain
// test run never rewrites a tracked file.
const screenshotPath = fileURLToPath(
  new URL(
    process.env.UPDATE_SCREENSHOTS
      ? '../../docs/inspector.png'
      : '../../test-results/inspector.png',
    import.meta.url,
  ),
);
const poll = { timeout: 10_000 };
const html = `<!doctype html>
<meta charset="utf-8" />
<title>cached-fetch inspector test</title>
<body style="margin: 16px; background: #fff">
<div id="inspector"></div>
<script type="module" src="/page.js"></script>
`;

let server: PageServer;
let browser: Browser;

beforeAll(async () => {
  server = await startPageServer({
    html,
    scripts: { '/page.js': fileURLToPath(new URL('./pages/inspector-page.ts', import.meta.url)) },
  });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).first().textContent()) ?? '';
}

function partition(page: Page, name: string) {
  return page.locator(`[data-testid="cfi-partition"][data-partition="${name}"]`);
}

describe('cached-fetch/inspector', () => {
  it('shows partitions, Vary values, counters and bodies, and revalidates, deletes and clears', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 600 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const { origin } = server;
    const list = origin.path('products');
    const me = origin.path('me');
    const json = { 'content-type': 'application/json' };
    await origin.script(list, {
      headers: { ...json, 'cache-control': 'max-age=60', vary: 'Accept-Language', etag: '"p1"' },
      body: '[{"id":1,"name":"Espresso cup"}]',
      conditional: true,
    });
    await origin.script(me, {
      headers: { ...json, 'cache-control': 'private, max-age=300', etag: '"me1"' },
      body: '{"name":"Ada"}',
      conditional: true,
    });
    await page.goto(server.url);
    await page.waitForFunction(() => 'inspector' in window);

    // Alice: two language variants of the list, and /me; then Bob: his /me, twice (a hit).
    await page.evaluate(
      async ([list, me]) => {
        window.user = 'alice';
        await window.get(list!, { 'accept-language': 'en' });
        await window.get(list!, { 'accept-language': 'fr' });
        await window.get(me!);
        window.user = 'bob';
        await window.get(me!);
      },
      [list, me],
    );
    await expect.poll(() => page.getByTestId('cfi-entry').count(), poll).toBe(4);
    expect(await page.evaluate((me) => window.get(me), me)).toContain('hit');

    expect(await partition(page, 'alice').getByTestId('cfi-entry').count()).toBe(3);
    expect(await partition(page, 'bob').getByTestId('cfi-entry').count()).toBe(1);
    expect(await partition(page, 'alice').getByTestId('cfi-vary').allTextContents()).toEqual([
      'accept-language: en',
      'accept-language: fr',
      '',
    ]);
    await expect.poll(() => text(page, 'cfi-counter-hits'), poll).toBe('1');
    expect(await text(page, 'cfi-counter-misses')).toBe('4');
    expect(await text(page, 'cfi-counter-hit-ratio')).toBe('20%');
    expect(await text(page, 'cfi-counter-bytes')).toBe('14 B');

    // The stored headers and a body preview (JSON pretty-printed) of alice's English list.
    const english = partition(page, 'alice').getByTestId('cfi-entry').first();
    expect(await english.getByTestId('cfi-validators').textContent()).toContain('ETag "p1"');
    await english.locator('summary').click();
    await expect
      .poll(() => english.getByTestId('cfi-body').textContent(), poll)
      .toContain('"name": "Espresso cup"');
    expect(await english.getByTestId('cfi-headers').textContent()).toContain('Accept-Language');

    // Revalidating alice's /me while bob is the current user would send bob's credentials for her
    // entry: refused, and the origin sees nothing.
    const alicesMe = partition(page, 'alice').getByTestId('cfi-entry').last();
    await alicesMe.getByTestId('cfi-revalidate').click();
    await expect
      .poll(() => alicesMe.getByTestId('cfi-note').textContent(), poll)
      .toContain('Revalidation failed: TypeError');
    expect(await origin.log(me)).toHaveLength(2);

    // As alice: a conditional request for her entry.
    await page.evaluate(() => {
      window.user = 'alice';
    });
    await alicesMe.getByTestId('cfi-revalidate').click();
    await expect
      .poll(() => alicesMe.getByTestId('cfi-note').textContent(), poll)
      .toContain('fwd-status=304');
    const meRequests = await origin.log(me);
    expect(meRequests).toHaveLength(3);
    expect(meRequests[2]!.headers['if-none-match']).toBe('"me1"');
    await expect.poll(() => text(page, 'cfi-counter-revalidated'), poll).toBe('1');
    expect(await partition(page, 'alice').getByTestId('cfi-entry').count()).toBe(3);

    await page.screenshot({ path: screenshotPath, fullPage: true });

    // Delete bob's /me: his partition goes; nothing was asked of the origin.
    await partition(page, 'bob').getByTestId('cfi-delete').click();
    await expect.poll(() => partition(page, 'bob').count(), poll).toBe(0);
    expect(await origin.log(me)).toHaveLength(3);
    expect(await page.evaluate(() => window.cachedFetch.cache.stats())).toMatchObject({
      entries: 3,
    });

    // Clear alice's partition: nothing stored.
    await partition(page, 'alice').getByTestId('cfi-clear-partition').click();
    await expect.poll(() => page.getByTestId('cfi-empty').count(), poll).toBe(1);
    expect(await page.evaluate(() => window.cachedFetch.cache.stats())).toMatchObject({
      entries: 0,
    });

    // Unmounted: the element is gone and the cache's events reach it no more.
    await page.evaluate(() => window.inspector.unmount());
    expect(await page.getByTestId('cfi-counters').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it.each([375, 1280])(
    'at %i px wide: labelled columns, every button visible, labelled and reachable by keyboard (issue 26)',
    async (width) => {
      const page = await browser.newPage({ viewport: { width, height: 700 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const { origin } = server;
      const path = origin.path(`narrow-${width}/api/orders/2026/with-a-long-path`);
      await origin.script(path, {
        headers: { 'cache-control': 'no-cache', etag: '"o1"' },
        body: '[]',
      });
      await page.goto(server.url);
      await page.waitForFunction(() => 'inspector' in window);
      await page.evaluate(async (path) => {
        window.user = 'alice';
        await window.get(path);
      }, path);
      await expect.poll(() => page.getByTestId('cfi-entry').count(), poll).toBe(1);
      await page.screenshot({
        path: fileURLToPath(new URL(`../../test-results/inspector-${width}.png`, import.meta.url)),
        fullPage: true,
      });

      // Column labels, and a no-cache entry says why it is always shown stale.
      const entry = page.getByTestId('cfi-entry');
      for (const label of ['Status', 'Age', 'Freshness', 'Size', 'Validators']) {
        expect(await entry.locator(`[data-label="${label}"]`).count()).toBe(1);
      }
      expect(await entry.getByTestId('cfi-ttl').textContent()).toContain('no-cache');
      if (width >= 1280) {
        const labels = page.getByTestId('cfi-column-labels').first();
        expect(await labels.isVisible()).toBe(true);
        expect(await labels.textContent()).toContain('Freshness');
      }

      // Every button: named for what it acts on, whole inside the viewport, and the topmost
      // element at its centre (not clipped or covered).
      const buttons = page.locator('button');
      const names: string[] = [];
      for (let i = 0; i < (await buttons.count()); i++) {
        const button = buttons.nth(i);
        names.push((await button.getAttribute('aria-label')) ?? (await button.textContent()) ?? '');
        const box = (await button.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        const onTop = await button.evaluate((element) => {
          const { x, y, width, height } = element.getBoundingClientRect();
          const root = element.getRootNode() as ShadowRoot;
          return root.elementFromPoint(x + width / 2, y + height / 2) === element;
        });
        expect(onTop, names[i]).toBe(true);
      }
      expect(names).toEqual([
        'Reset counters',
        'Clear all',
        'Clear partition “alice”',
        `Revalidate ${path}`,
        `Delete ${path}`,
      ]);

      // Reachable by keyboard: Tab visits each of them.
      const focused: string[] = [];
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab');
        focused.push(
          await page.evaluate(() => {
            const host = document.querySelector('#inspector > div');
            const active = host?.shadowRoot?.activeElement;
            return active?.getAttribute('data-testid') ?? active?.tagName ?? '';
          }),
        );
      }
      for (const id of [
        'cfi-reset',
        'cfi-clear-all',
        'cfi-clear-partition',
        'cfi-revalidate',
        'cfi-delete',
      ]) {
        expect(focused).toContain(id);
      }
      expect(pageErrors).toEqual([]);
      await page.close();
    },
    30_000,
  );
});
