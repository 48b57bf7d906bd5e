// mountInspector(): the inspector's controller. Lists what the cache holds (through the public
// cache handle only), refreshes on the cache's events and every second (ages move), and keeps
// the live counters.
import type { CachedEntryInfo, CacheHandle, CacheStats } from 'cached-fetch';
import { LiveCounters } from './counters';
import { actionButton, h } from './dom';
import { EventLog } from './event-log';
import { formatBytes } from './format';
import { OutboxView } from './outbox-view';
import { PartitionView } from './partition-view';
import { inspectorStyles } from './styles';

export interface InspectorOptions {
  /** How often ages and TTLs are refreshed, in ms; 0 refreshes on cache events only. Default 1000. */
  refreshMs?: number;
}

/** What `mountInspector()` returns. */
export interface MountedInspector {
  /** Re-reads the cache now; resolves once shown. */
  refresh(): Promise<void>;
  /** Stops listening and removes the inspector from the element. */
  unmount(): void;
}

/** Events after which the listing changes (hits move `lastUsed` and the counters). */
const changing = [
  'hit',
  'stored',
  'revalidated',
  'updated',
  'evicted',
  'invalidated',
  'cleared',
  'wiped',
  'queued',
  'sent',
  'failed',
] as const;

/**
 * Shows a live view of a cache inside `element` (in its own shadow root, so page styles do not
 * leak in): entries grouped by partition, live counters, and per-entry revalidate and delete.
 *
 * @example
 * import { mountInspector } from 'cached-fetch/inspector';
 * mountInspector(cachedFetch.cache, document.querySelector('#cache-inspector')!);
 */
export function mountInspector(
  cache: CacheHandle,
  element: HTMLElement,
  options: InspectorOptions = {},
): MountedInspector {
  if (typeof cache?.entries !== 'function' || typeof cache.addEventListener !== 'function') {
    throw new TypeError(
      `expected cache to be a cache handle (cachedFetch.cache), got ${cache === null ? 'null' : typeof cache}`,
    );
  }
  if (typeof element?.append !== 'function') {
    throw new TypeError(
      `expected element to be an element, got ${element === null ? 'null' : typeof element}`,
    );
  }
  const refreshMs = options.refreshMs ?? 1000;
  if (!Number.isFinite(refreshMs) || refreshMs < 0) {
    throw new TypeError(`expected options.refreshMs to be a non-negative number, got ${refreshMs}`);
  }
  const host = h('div', { class: 'cached-fetch-inspector' });
  const root = host.attachShadow({ mode: 'open' });
  const counters = h('dl', { class: 'counters', 'data-testid': 'cfi-counters' });
  const stored = h('span', { 'data-testid': 'cfi-stored' });
  const where = h('span', { class: 'muted', 'data-testid': 'cfi-store' });
  const partitionsElement = h('div', { class: 'partitions', 'data-testid': 'cfi-partitions' });
  const partitions = new Map<string, PartitionView>();
  const live = new LiveCounters(cache, () => renderCounters());
  const log = new EventLog(cache);
  // Queued writes, with the `outbox` option only.
  const outbox = cache.outbox ? new OutboxView(cache.outbox, () => refresh()) : undefined;

  root.append(
    h('style', {}, inspectorStyles),
    h(
      'header',
      {},
      h('strong', {}, 'cached-fetch'),
      h('span', { class: 'muted' }, 'inspector'),
      stored,
      where,
      actionButton('Reset counters', 'cfi-reset', async () => {
        live.reset();
        renderCounters();
      }),
      actionButton('Clear all', 'cfi-clear-all', () => cache.clear()),
    ),
    counters,
    h('details', {}, h('summary', {}, 'Recent events'), log.element),
    outbox?.element ?? '',
    partitionsElement,
  );
  element.append(host);

  function renderCounters(): void {
    const values = live.values;
    const ratio = values.hitRatio === null ? '—' : `${Math.round(values.hitRatio * 100)}%`;
    counters.replaceChildren(
      counter('hits', 'Hits', String(values.hits)),
      counter('misses', 'Misses', String(values.misses)),
      counter('revalidated', '304s', String(values.revalidated)),
      counter('updated', 'Changed', String(values.updated)),
      counter('stand-ins', 'Stale stand-ins', String(values.standIns)),
      counter('bytes', 'Served from cache', formatBytes(values.bytesFromCache)),
      counter('hit-ratio', 'Hit ratio', ratio),
      counter('errors', 'Errors', String(values.errors)),
    );
  }

  function render(entries: CachedEntryInfo[]): void {
    const total = entries.reduce((sum, entry) => sum + entry.size, 0);
    stored.textContent = `${entries.length} stored, ${formatBytes(total)}`;
    const grouped = new Map<string, CachedEntryInfo[]>();
    const inOrder = [...entries].sort(
      (a, b) =>
        a.partition.localeCompare(b.partition) ||
        a.requestUrl.localeCompare(b.requestUrl) ||
        a.secondaryKey.localeCompare(b.secondaryKey),
    );
    for (const entry of inOrder) {
      const group = grouped.get(entry.partition) ?? [];
      group.push(entry);
      grouped.set(entry.partition, group);
    }
    for (const [partition, view] of partitions) {
      if (!grouped.has(partition)) {
        view.element.remove();
        partitions.delete(partition);
      }
    }
    [...grouped].forEach(([partition, group], index) => {
      let view = partitions.get(partition);
      if (!view) {
        view = new PartitionView(cache, partition);
        partitions.set(partition, view);
      }
      view.update(group);
      if (partitionsElement.children[index] !== view.element) {
        partitionsElement.insertBefore(view.element, partitionsElement.children[index] ?? null);
      }
    });
    if (entries.length === 0) {
      partitionsElement.replaceChildren(
        h('p', { class: 'empty', 'data-testid': 'cfi-empty' }, 'Nothing stored.'),
      );
    } else partitionsElement.querySelector('.empty')?.remove();
  }

  // One read at a time; calls made meanwhile are coalesced into one more.
  let running: Promise<void> | undefined;
  let again = false;
  function refresh(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    // The writes apart: the outbox opens lazily, and hits counted meanwhile need the sizes now.
    const listed = Promise.all([cache.entries(), cache.stats()]).then(([entries, stats]) => {
      live.learnSizes(entries);
      render(entries);
      where.textContent = storeLabel(stats);
    });
    const writes = cache.outbox?.list().then((items) => outbox?.update(items));
    running = Promise.all([listed, writes])
      .then(() => {})
      .catch((error: unknown) => {
        stored.textContent = `Could not list the cache: ${String(error)}`;
      })
      .finally(() => {
        renderCounters();
        running = undefined;
        if (again) {
          again = false;
          void refresh();
        }
      });
    return running;
  }
  const listener = () => void refresh();
  for (const type of changing) cache.addEventListener(type, listener);
  const timer = refreshMs > 0 ? setInterval(listener, refreshMs) : undefined;
  renderCounters();
  void refresh();

  return {
    refresh,
    unmount() {
      clearInterval(timer);
      for (const type of changing) cache.removeEventListener(type, listener);
      live.dispose();
      log.dispose();
      host.remove();
    },
  };
}

/**
 * Which store holds the entries, and whether they outlive the page (issue 26: never silent); then
 * the origin's usage against its quota, and whether the browser may evict it (issue 25).
 */
export function storeLabel({ store, persistent, persisted, usage, quota }: CacheStats): string {
  const parts = [`store: ${store}`, persistent ? 'persistent' : 'lost on reload'];
  if (usage !== undefined && quota !== undefined) {
    parts.push(`${formatBytes(usage)} of ${formatBytes(quota)} used`);
  }
  if (persistent && persisted !== undefined) {
    parts.push(`${persisted ? 'not ' : ''}evictable`);
  }
  return parts.join(', ');
}

/** One counter: its label over its value, a group of the list that wraps as the width allows. */
function counter(id: string, label: string, value: string): HTMLElement {
  return h('div', {}, h('dt', {}, label), h('dd', { 'data-testid': `cfi-counter-${id}` }, value));
}
