// The example SPA (examples/spa) in Debian's Chromium: a first visit stores, a reload after
// max-age revalidates with a 304, with the API offline the list still renders, logout clears the
// user's partition; the inspector (cached-fetch/inspector) shows each step.
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OriginState, productsMaxAgeSec } from '../../examples/spa/origin.ts';
import { type ExampleServer, startExampleServer } from '../../examples/spa/serve.ts';
import { chromiumArgs, chromiumPath } from '../chromium.ts';

// The README links docs/example-spa.png; refresh it with UPDATE_SCREENSHOTS=1, so that a plain
// test run never rewrites a tracked file.
const screenshotPath = fileURLToPath(
  new URL(
    process.env.UPDATE_SCREENSHOTS
      ? '../../docs/example-spa.png'
      : '../../test-results/example-spa.png',
    import.meta.url,
  ),
);
const untilStale = productsMaxAgeSec * 1000 + 300;
const poll = { timeout: 10_000 };

let server: ExampleServer;
let browser: Browser;

beforeAll(async () => {
  server = await startExampleServer({ port: 0, logLevel: 'silent', watch: false });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The outcome column of the panel's request log, newest first. */
function outcomes(page: Page): Promise<string[]> {
  return page
    .getByTestId('requests')
    .locator('tr[data-outcome]')
    .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.outcome ?? ''));
}

async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).textContent()) ?? '';
}

async function originState(): Promise<OriginState> {
  const response = await fetch(new URL('/__origin', server.url));
  return (await response.json()) as OriginState;
}

describe('example SPA', () => {
  it('shows misses, then hits and a 304 after a reload, renders offline from the cache, and clears the user at logout', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 680 } });
    // Uncaught errors, and the cache's `error` events (the app logs them as `cached-fetch …`).
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.text().startsWith('cached-fetch')) pageErrors.push(message.text());
    });

    // First visit: three misses, each stored.
    await page.goto(server.url);
    await expect.poll(() => page.getByTestId('product').count(), poll).toBe(6);
    await expect.poll(() => outcomes(page), poll).toEqual(['miss', 'miss', 'miss']);
    expect(await text(page, 'requests')).toContain(
      'cached-fetch; fwd=uri-miss; fwd-status=200; stored',
    );
    // The inspector (cached-fetch/inspector) lists them in the signed-in user's partition.
    await expect.poll(() => page.getByTestId('cfi-entry').count(), poll).toBe(3);
    expect(await page.getByTestId('cfi-partition').getAttribute('data-partition')).toBe('ada');
    expect(await text(page, 'cfi-counter-misses')).toBe('3');

    // Reload once the products' max-age has passed: a 304 for them, hits for the rest.
    await page.waitForTimeout(untilStale);
    await page.reload();
    await expect.poll(() => outcomes(page), poll).toHaveLength(6);
    expect((await outcomes(page)).slice(0, 3).sort()).toEqual(['hit', 'hit', 'revalidated']);
    const requests = await text(page, 'requests');
    expect(requests).toContain('cached-fetch; fwd=stale; fwd-status=304; ttl=');
    expect(requests).toMatch(/cached-fetch; hit; ttl=\d+/);
    // The inspector's counters start at this page load: two hits and a 304.
    await expect.poll(() => text(page, 'cfi-counter-revalidated'), poll).toBe('1');
    expect(await text(page, 'cfi-counter-hits')).toBe('2');
    expect(await text(page, 'cfi-counter-hit-ratio')).toBe('67%');
    // Its bytes once its first listing has told their sizes (the hits came before it).
    await expect.poll(() => text(page, 'cfi-counter-bytes'), poll).not.toBe('0 B');
    expect(await text(page, 'products-source')).toContain('unchanged (304)');
    await expect.poll(() => page.getByTestId('product').count(), poll).toBe(6);

    // What the origin saw: the products once in full, then a conditional request it answered 304.
    const products = (await originState()).requests.filter((r) => r.path === '/api/products');
    expect(products.map((r) => r.status)).toEqual([200, 304]);
    expect(products[1]?.ifNoneMatch).toMatch(/^"[0-9a-f]+"$/);

    // Offline once the products are stale again: the stored copy answers.
    await page.waitForTimeout(untilStale);
    await page.getByTestId('offline').click();
    await expect.poll(() => text(page, 'network'), poll).toBe('API offline');
    await expect.poll(() => outcomes(page), poll).toHaveLength(9);
    expect((await outcomes(page)).slice(0, 3).sort()).toEqual(['hit', 'hit', 'offline']);
    expect(await text(page, 'requests')).toContain('detail="offline"');
    expect(await page.getByTestId('product').count()).toBe(6);
    expect(await text(page, 'products-source')).toContain('unreachable');
    expect((await originState()).offline).toBe(true);
    expect(await text(page, 'cfi-counter-hits')).toBe('4');

    await page.screenshot({ path: screenshotPath, fullPage: true });

    // Logout clears the cache: nothing stored, nothing of this user on screen.
    await page.getByTestId('logout').click();
    await expect.poll(() => page.getByTestId('cfi-empty').count(), poll).toBe(1);
    expect(await page.getByTestId('cfi-entry').count()).toBe(0);
    expect(await page.getByTestId('product').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it('adds a product offline: it survives a reload and reaches the API once when it is back', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await fetch(new URL('/__origin', server.url), {
      method: 'POST',
      body: JSON.stringify({ offline: false }),
    });
    await page.goto(server.url);
    await expect.poll(() => page.getByTestId('product').count(), poll).toBeGreaterThan(0);
    const before = await page.getByTestId('product').count();
    const posts = async () =>
      (await originState()).requests.filter(
        (r) => r.method === 'POST' && r.path === '/api/products',
      );
    const postsBefore = (await posts()).length;

    await page.getByTestId('offline').click();
    await expect.poll(() => text(page, 'network'), poll).toBe('API offline');
    await page.getByTestId('add').click();
    await expect.poll(() => text(page, 'writes'), poll).toContain('1 change(s) waiting');

    // A reload while the API is still offline: the write is still there (IndexedDB).
    await page.reload();
    await expect.poll(() => text(page, 'writes'), poll).toContain('1 change(s) waiting');
    expect((await posts()).length).toBe(postsBefore);

    // Back online: the list's revalidation reaches the API, the outbox sends the write after it.
    await page.getByTestId('offline').click();
    await expect.poll(() => text(page, 'network'), poll).toBe('API online');
    await expect.poll(() => page.getByTestId('product').count(), poll).toBe(before + 1);
    expect(await text(page, 'products')).toContain('Travel mug');
    expect(await text(page, 'writes')).toBe('');
    const sent = (await posts()).slice(postsBefore);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
