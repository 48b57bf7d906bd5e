// The app's own request log as a table: what each response's Cache-Status said.
import { byId, el, formatBytes } from './dom.ts';
import type { LoggedRequest, Outcome, RequestLog } from './request-log.ts';

const outcomeLabels: Record<Outcome, string> = {
  hit: 'hit',
  offline: 'offline',
  revalidated: '304',
  miss: 'miss',
  network: 'network',
  error: 'error',
};

export function renderRequests(log: RequestLog): void {
  byId('requests').replaceChildren(
    ...(log.entries.length > 0
      ? log.entries.map(requestRow)
      : [el('tr', {}, el('td', { colspan: '6', class: 'empty' }, 'No requests yet.'))]),
  );
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
