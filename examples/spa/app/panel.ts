// The live cache panel: per-request Cache-Status, hit ratio, bytes saved and the stored entries.
import type { CacheHandle } from '../../../src/index.ts';
import { byId, el, formatBytes, formatSeconds } from './dom.ts';
import type { LoggedRequest, Outcome, RequestLog } from './request-log.ts';
import { type EntryRow, storedEntries } from './stored-entries.ts';

const outcomeLabels: Record<Outcome, string> = {
  hit: 'hit',
  offline: 'offline',
  revalidated: '304',
  miss: 'miss',
  network: 'network',
  error: 'error',
};

export interface PanelSources {
  cache: CacheHandle;
  log: RequestLog;
}

export class CachePanel {
  readonly #sources: PanelSources;
  #rendering: Promise<void> | undefined;
  #again = false;

  constructor(sources: PanelSources) {
    this.#sources = sources;
  }

  /** Re-renders; calls made while a render runs are coalesced into one more. */
  refresh(): void {
    if (this.#rendering) {
      this.#again = true;
      return;
    }
    this.#rendering = this.#render()
      .catch((error: unknown) => console.error('cache panel:', error))
      .finally(() => {
        this.#rendering = undefined;
        if (this.#again) {
          this.#again = false;
          this.refresh();
        }
      });
  }

  async #render(): Promise<void> {
    const { cache, log } = this.#sources;
    const [stats, entries] = await Promise.all([cache.stats(), storedEntries(cache)]);
    const summary = log.summary();
    const ratio = summary.requests === 0 ? 0 : Math.round((summary.hits / summary.requests) * 100);
    byId('summary').replaceChildren(
      ...stat('requests', 'Requests', String(summary.requests)),
      ...stat('hit-ratio', 'Hit ratio', `${ratio}%`, `${summary.hits} of ${summary.requests}`),
      ...stat('revalidated', '304 revalidations', String(summary.revalidated)),
      ...stat('bytes-saved', 'Bytes saved', formatBytes(summary.bytesSaved)),
      ...stat('stored', 'Stored', `${stats.entries}`, formatBytes(stats.bytes)),
    );
    byId('requests').replaceChildren(
      ...(log.entries.length > 0 ? log.entries.map(requestRow) : [emptyRow(6, 'No requests yet.')]),
    );
    byId('entries').replaceChildren(
      ...(entries.length > 0 ? entries.map(entryRow) : [emptyRow(6, 'Nothing stored.')]),
    );
  }
}

function stat(id: string, label: string, value: string, detail?: string): HTMLElement[] {
  return [
    el('dt', {}, label),
    el(
      'dd',
      {},
      el('span', { 'data-testid': `stat-${id}` }, value),
      detail ? el('small', {}, detail) : null,
    ),
  ];
}

function requestRow(entry: LoggedRequest): HTMLTableRowElement {
  return el(
    'tr',
    { 'data-outcome': entry.outcome },
    el('td', {}, el('span', { class: `chip ${entry.outcome}` }, outcomeLabels[entry.outcome])),
    el('td', { class: 'url' }, entry.url),
    el('td', {}, entry.status ?? '—'),
    el('td', { class: 'mono' }, entry.cacheStatus ?? '—'),
    el('td', { class: 'num' }, formatBytes(entry.bytes)),
    el('td', { class: 'num' }, `${entry.ms} ms`),
  );
}

function entryRow(entry: EntryRow): HTMLTableRowElement {
  const fresh = entry.ttlSec >= 0;
  return el(
    'tr',
    {},
    el('td', { class: 'url' }, new URL(entry.url).pathname),
    el('td', {}, entry.status),
    el('td', { class: 'num' }, formatSeconds(entry.ageSec)),
    el(
      'td',
      { class: `num ${fresh ? 'fresh' : 'stale'}` },
      fresh ? formatSeconds(entry.ttlSec) : `stale ${formatSeconds(-entry.ttlSec)}`,
    ),
    el(
      'td',
      { class: 'num', title: `body ${formatBytes(entry.bodySize)}` },
      formatBytes(entry.size),
    ),
    el('td', { class: 'mono' }, entry.etag ?? '—'),
  );
}

function emptyRow(columns: number, text: string): HTMLTableRowElement {
  return el('tr', {}, el('td', { colspan: String(columns), class: 'empty' }, text));
}
