// One stored response in the inspector: a row that is updated in place (so a click never lands
// on a replaced button), with its stored headers and a body preview behind a disclosure.
import type { CachedEntryInfo, CacheHandle } from 'cached-fetch';
import { actionButton, h } from './dom';
import { formatBytes, formatSeconds, freshShare, previewBody } from './format';

export class EntryView {
  readonly element: HTMLElement;
  #entry: CachedEntryInfo;
  readonly #cells: Record<'status' | 'age' | 'ttl' | 'size' | 'validators', HTMLElement>;
  readonly #bar: HTMLElement;
  /** Its Cache-Groups (RFC 9875): a 304 may change them. */
  readonly #groups: HTMLElement;
  readonly #note: HTMLElement;
  readonly #headers: HTMLElement;
  readonly #body: HTMLElement;
  #bodyShown = false;

  constructor(cache: CacheHandle, entry: CachedEntryInfo) {
    this.#entry = entry;
    const shown = displayUrl(entry);
    const path = h('span', { class: 'url', title: entry.requestUrl }, shown);
    const vary = h(
      'span',
      { class: 'vary', 'data-testid': 'cfi-vary' },
      ...entry.vary.map(([name, value]) =>
        h('code', {}, `${name}: ${value === null ? '(absent)' : value}`),
      ),
    );
    this.#groups = h('span', { class: 'vary', 'data-testid': 'cfi-groups' });
    this.#bar = h('span', { class: 'bar-fill' });
    this.#cells = {
      status: h('span', { class: 'status', 'data-testid': 'cfi-status', 'data-label': 'Status' }),
      age: h('span', { class: 'num', 'data-testid': 'cfi-age', 'data-label': 'Age' }),
      ttl: h('span', { class: 'ttl-label', 'data-testid': 'cfi-ttl' }),
      size: h('span', { class: 'num', 'data-testid': 'cfi-size', 'data-label': 'Size' }),
      validators: h('span', {
        class: 'validators',
        'data-testid': 'cfi-validators',
        'data-label': 'Validators',
      }),
    };
    this.#note = h('span', { class: 'note', 'data-testid': 'cfi-note', role: 'status' });
    const actions = h(
      'span',
      { class: 'actions' },
      actionButton(
        'Revalidate',
        'cfi-revalidate',
        () => this.#revalidate(cache),
        `Revalidate ${shown}`,
      ),
      actionButton(
        'Delete',
        'cfi-delete',
        () => cache.delete(this.#entry.requestUrl, { partition: this.#entry.partition }),
        `Delete ${shown}`,
      ),
    );
    this.#headers = h('table', { class: 'headers', 'data-testid': 'cfi-headers' });
    this.#body = h('pre', { class: 'body', 'data-testid': 'cfi-body' });
    const details = h(
      'details',
      {},
      h('summary', {}, 'Stored headers and body'),
      this.#headers,
      this.#body,
    );
    details.addEventListener('toggle', () => {
      if (details.open && !this.#bodyShown) void this.#showBody(cache);
    });
    this.element = h(
      'article',
      { class: 'entry', 'data-testid': 'cfi-entry', 'data-url': entry.requestUrl },
      h(
        'div',
        { class: 'row' },
        h('span', { class: 'what' }, path, vary, this.#groups),
        this.#cells.status,
        this.#cells.age,
        h(
          'span',
          { class: 'ttl', 'data-label': 'Freshness' },
          h('span', { class: 'bar' }, this.#bar),
          this.#cells.ttl,
        ),
        this.#cells.size,
        this.#cells.validators,
        actions,
      ),
      this.#note,
      details,
    );
    this.update(entry);
  }

  /** Shows the entry as listed now: a 304 changes its headers and times, never its id. */
  update(entry: CachedEntryInfo): void {
    this.#entry = entry;
    const { status, ageSec, ttlSec, fresh, size, bodySize, etag, lastModified } = entry;
    this.element.dataset.fresh = String(fresh);
    // Stored partial content (a 206 kept for Range requests) says which bytes it has.
    const bytes = entry.ranges?.bytes.map(([first, last]) => `${first}-${last}`).join(', ');
    this.#cells.status.textContent =
      bytes === undefined
        ? String(status)
        : `${status} bytes ${bytes}/${entry.ranges?.completeLength ?? '*'}`;
    this.#cells.age.textContent = formatSeconds(ageSec);
    this.#bar.style.width = `${Math.round(freshShare(ageSec, ttlSec) * 100)}%`;
    // RFC 9111 §5.2.2.4: a no-cache response is validated before every use, whatever its age.
    const noCache = entry.headers.some(
      ([name, value]) => name.toLowerCase() === 'cache-control' && /\bno-cache\b/i.test(value),
    );
    this.#groups.replaceChildren(...entry.groups.map((group) => h('code', {}, `group ${group}`)));
    // Decision 0025: an invalidated entry kept for its validator is validated on its next use.
    this.#cells.ttl.textContent = entry.invalidated
      ? 'invalidated: validated on next use'
      : noCache
        ? 'no-cache: validated on every use'
        : fresh
          ? `${formatSeconds(ttlSec)} left`
          : `stale ${formatSeconds(-ttlSec)}`;
    this.#cells.size.textContent = formatBytes(size);
    this.#cells.size.title = `body ${formatBytes(bodySize)}, the rest is metadata`;
    this.#cells.validators.textContent =
      [etag && `ETag ${etag}`, lastModified && `Last-Modified ${lastModified}`]
        .filter(Boolean)
        .join(' · ') || 'no validators';
    this.#headers.replaceChildren(
      ...entry.headers.map(([name, value]) => h('tr', {}, h('th', {}, name), h('td', {}, value))),
    );
  }

  async #revalidate(cache: CacheHandle): Promise<void> {
    this.#note.textContent = 'Revalidating…';
    try {
      const response = await cache.revalidate(this.#entry);
      await response.arrayBuffer();
      this.#note.textContent = `Revalidated: ${response.status}, ${response.headers.get('cache-status') ?? 'no Cache-Status'}`;
    } catch (error) {
      this.#note.textContent = `Revalidation failed: ${String(error)}`;
    }
  }

  async #showBody(cache: CacheHandle): Promise<void> {
    this.#bodyShown = true;
    this.#body.textContent = 'Reading…';
    try {
      const body = await cache.body(this.#entry);
      const type = this.#entry.headers.find(([name]) => name === 'content-type')?.[1] ?? null;
      this.#body.textContent = body === undefined ? '(body gone)' : previewBody(body, type);
    } catch (error) {
      this.#body.textContent = `Could not read the body: ${String(error)}`;
    }
  }
}

/** Same-origin URLs by path and query (what a developer recognises); others in full. */
function displayUrl(entry: CachedEntryInfo): string {
  const url = new URL(entry.requestUrl);
  const sameOrigin = typeof location !== 'undefined' && url.origin === location.origin;
  return sameOrigin ? `${url.pathname}${url.search}` : url.href;
}
