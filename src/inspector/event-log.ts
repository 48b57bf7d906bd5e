// The inspector's live log: the last events of the cache it shows, newest first, one line each
// (what happened, to which URL, and why), so a developer sees a miss, a 304 or a stand-in as it
// happens; a polite live region, so a screen reader hears them too.
import type { CacheEventMap, CacheEventType, CacheHandle } from 'cached-fetch';
import { h } from './dom';
import { formatBytes } from './format';

/** How many lines the log keeps. */
const kept = 20;

/** One line per event: what it says beyond its type and URL. */
const describe: { [T in CacheEventType]?: (event: CacheEventMap[T]) => string } = {
  hit: (event) => event.url + (event.stale ? ' (stale)' : ''),
  miss: (event) => `${event.url} (${event.reason})`,
  revalidated: (event) => `${event.url} (304${event.background ? ', background' : ''})`,
  updated: (event) => `${event.url} (changed${event.background ? ', background' : ''})`,
  stale: (event) => `${event.url} (${event.reason}${event.status ? ` ${event.status}` : ''})`,
  stored: (event) => `${event.url} (${formatBytes(event.bytes)})`,
  evicted: (event) => `${event.entries} entries`,
  invalidated: (event) => event.urls.join(' '),
  cleared: (event) => event.partition ?? 'everything',
  wiped: (event) => `${event.entries} entries lost`,
  queued: (event) => `${event.method} ${event.url}`,
  sent: (event) => `${event.method} ${event.url} (${event.status})`,
  failed: (event) => `${event.method} ${event.url} (${event.reason})`,
  error: (event) => `${event.operation}${event.url ? ` ${event.url}` : ''}: ${String(event.error)}`,
};

export class EventLog {
  readonly element = h('ol', {
    class: 'log',
    'data-testid': 'cfi-log',
    'aria-live': 'polite',
    'aria-label': 'Recent cache events',
  });
  readonly #unsubscribe: Array<() => void> = [];

  constructor(cache: CacheHandle) {
    for (const type of Object.keys(describe) as CacheEventType[]) {
      const text = describe[type] as (event: unknown) => string;
      const listener = (event: unknown) => this.#add(type, text(event));
      cache.addEventListener(type, listener);
      this.#unsubscribe.push(() => cache.removeEventListener(type, listener));
    }
  }

  #add(type: string, text: string): void {
    const time = new Date().toLocaleTimeString();
    this.element.prepend(h('li', {}, h('time', {}, time), ' ', h('strong', {}, type), ` ${text}`));
    while (this.element.children.length > kept) this.element.lastElementChild!.remove();
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }
}
