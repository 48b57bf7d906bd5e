// mountInspector() in happy-dom: its arguments, and a first listing from a real cached fetch.
import { afterEach, describe, expect, it } from 'vitest';
import { mountInspector } from '../../src/inspector/index';
import { makeCachedFetch, ORIGIN, useMockOrigin } from '../fetch/support';

const origin = useMockOrigin();

afterEach(() => {
  document.body.replaceChildren();
});

describe('mountInspector()', () => {
  it('rejects what is not a cache handle or an element with a TypeError naming it', () => {
    const cf = makeCachedFetch();
    const element = document.createElement('div');
    expect(() => mountInspector(cf as never, element)).toThrow(
      new TypeError('expected cache to be a cache handle (cachedFetch.cache), got function'),
    );
    expect(() => mountInspector(cf.cache, null as never)).toThrow(
      new TypeError('expected element to be an element, got null'),
    );
    expect(() => mountInspector(cf.cache, element, { refreshMs: -1 })).toThrow(
      new TypeError('expected options.refreshMs to be a non-negative number, got -1'),
    );
    expect(element.childNodes).toHaveLength(0);
  });

  it('lists stored entries by partition and stops at unmount()', async () => {
    origin.reply('/listed', { headers: { 'cache-control': 'max-age=60' }, body: 'abc' });
    const cf = makeCachedFetch({ partition: 'alice' });
    const element = document.createElement('div');
    document.body.append(element);
    const inspector = mountInspector(cf.cache, element, { refreshMs: 0 });
    await (await cf(`${ORIGIN}/listed`)).text();
    await cf.cache.settled();
    await inspector.refresh();
    const root = element.firstElementChild!.shadowRoot!;
    const partitions = root.querySelectorAll('[data-testid="cfi-partition"]');
    expect([...partitions].map((p) => p.getAttribute('data-partition'))).toEqual(['alice']);
    expect(root.querySelector('[data-testid="cfi-entry"]')!.getAttribute('data-url')).toBe(
      `${ORIGIN}/listed`,
    );
    expect(root.querySelector('[data-testid="cfi-counter-misses"]')!.textContent).toBe('1');
    // Which store, and whether it persists (issue 26: a memory fallback is never silent).
    expect(root.querySelector('[data-testid="cfi-store"]')!.textContent).toBe(
      'store: memory, lost on reload',
    );
    inspector.unmount();
    expect(element.childNodes).toHaveLength(0);
  });

  it('shows the Cache-Groups of an entry and an invalidation (decision 0025)', async () => {
    origin.reply('/grouped', {
      headers: { 'cache-control': 'max-age=60', etag: '"g"', 'cache-groups': '"a", "b"' },
      body: 'abc',
    });
    const cf = makeCachedFetch();
    const element = document.createElement('div');
    document.body.append(element);
    const inspector = mountInspector(cf.cache, element, { refreshMs: 0 });
    await (await cf(`${ORIGIN}/grouped`)).text();
    await cf.cache.settled();
    await inspector.refresh();
    const root = element.firstElementChild!.shadowRoot!;
    const cell = (id: string) => root.querySelector(`[data-testid="${id}"]`)!.textContent;
    expect(cell('cfi-groups')).toBe('group agroup b');
    expect(cell('cfi-ttl')).toBe('60 s left');
    expect(await cf.cache.invalidate({ group: 'a', allPartitions: true })).toBe(1);
    expect((await cf.cache.entries())[0]?.invalidated).toBe(true);
    await inspector.refresh();
    expect(cell('cfi-ttl')).toBe('invalidated: validated on next use');
    inspector.unmount();
  });

  it('renders every partition when one holds a stored 206 part (RFC 9111 §3.3)', async () => {
    origin.reply('/page', { headers: { 'cache-control': 'max-age=60' }, body: 'page' });
    origin.reply('/video', {
      status: 206,
      headers: { 'cache-control': 'max-age=60', etag: '"v"', 'content-range': 'bytes 0-3/100' },
      body: 'abcd',
    });
    const session = { user: 'alice' };
    const cf = makeCachedFetch({ partition: () => session.user });
    const element = document.createElement('div');
    document.body.append(element);
    const inspector = mountInspector(cf.cache, element, { refreshMs: 0 });
    await (await cf(`${ORIGIN}/video`, { headers: { range: 'bytes=0-3' } })).text();
    session.user = 'bob';
    await (await cf(`${ORIGIN}/page`)).text();
    await cf.cache.settled();
    await inspector.refresh();
    const root = element.firstElementChild!.shadowRoot!;
    const partitions = root.querySelectorAll('[data-testid="cfi-partition"]');
    expect([...partitions].map((p) => p.getAttribute('data-partition')).sort()).toEqual([
      'alice',
      'bob',
    ]);
    const statuses = [...root.querySelectorAll('[data-testid="cfi-status"]')].map(
      (cell) => cell.textContent,
    );
    expect(statuses.sort()).toEqual(['200', '206 bytes 0-3/100']);
    inspector.unmount();
  });
});
