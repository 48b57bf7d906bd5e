// Data survives a fresh page: what one document stores, a new same-origin document (loaded from
// the server into an iframe, with its own JS realm and its own copy of IndexedDBStore) reads back,
// in both directions; the writing iframe is removed first, so its realm is gone.
import { deleteDB } from 'idb';
import { afterEach, expect, it } from 'vitest';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { bytes, entry, text, uniqueName } from '../store/fixtures';

interface FreshPageReport {
  variants?: unknown[];
  bodies?: string[];
  written?: { id: string; key: string };
  error?: string;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

/** Loads store-fresh-page.html with `params` into a new iframe and waits for its report. */
function freshPage(params: Record<string, string>) {
  const frame = document.createElement('iframe');
  frame.src = `/test/browser/store-fresh-page.html?${new URLSearchParams(params)}`;
  return new Promise<{ report: FreshPageReport; frame: HTMLIFrameElement }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the fresh page never answered')), 10_000);
    window.addEventListener('message', function listen(event: MessageEvent) {
      if (event.source !== frame.contentWindow || event.data?.kind !== 'store-fresh-page') return;
      window.removeEventListener('message', listen);
      clearTimeout(timer);
      resolve({ report: event.data as FreshPageReport, frame });
    });
    document.body.append(frame);
    cleanup.push(async () => frame.remove());
  });
}

it('a fresh page reads the entries and bodies this page stored', async () => {
  const name = uniqueName('fresh-page');
  cleanup.push(() => deleteDB(name));
  const written = entry({ partition: 'user-1' });
  const store = new IndexedDBStore({ name });
  await store.put(written, bytes('still here'));
  const [stored] = await store.getVariants(written.key);
  await store.close();

  const { report, frame } = await freshPage({ mode: 'read', name, key: written.key });
  expect(report.error).toBeUndefined();
  expect(report.variants).toEqual([stored]);
  expect(report.bodies).toEqual(['still here']);
  // Really another document and realm, not this one.
  expect(frame.contentWindow!.location.pathname).toBe('/test/browser/store-fresh-page.html');
  expect((frame.contentWindow as unknown as { Array: unknown }).Array).not.toBe(Array);
});

it('this page reads what a fresh page stored after that page is gone', async () => {
  const name = uniqueName('fresh-page-writer');
  cleanup.push(() => deleteDB(name));
  const key = 'GET https://example.test/written-elsewhere';
  const { report, frame } = await freshPage({
    mode: 'write',
    name,
    key,
    id: 'w1',
    body: 'from afar',
  });
  expect(report.error).toBeUndefined();
  frame.remove();

  const store = new IndexedDBStore({ name });
  cleanup.push(() => store.close());
  expect((await store.getVariants(key)).map((e) => e.id)).toEqual(['w1']);
  expect(text(await store.getBody('w1'))).toBe('from afar');
});

it('a fresh page finds nothing where nothing was stored (so the checks above can fail)', async () => {
  const name = uniqueName('fresh-page-empty');
  cleanup.push(() => deleteDB(name));
  const { report } = await freshPage({ mode: 'read', name, key: 'GET https://example.test/none' });
  expect(report.error).toBeUndefined();
  expect(report.variants).toEqual([]);
});
