// The inspector's queued writes (issue 22): pending and failed writes of `cache.outbox`, each with
// why it waits or failed, and the buttons that retry or discard it. Shown only with the option.
import type { CacheHandle, OutboxItem } from 'cached-fetch';
import { actionButton, h } from './dom';

type Outbox = NonNullable<CacheHandle['outbox']>;

export class OutboxView {
  readonly element: HTMLElement;
  readonly #summary: HTMLElement;
  readonly #list: HTMLElement;
  readonly #outbox: Outbox;
  /** Re-reads the cache: a discard fires no event, and a retry's outcome may come much later. */
  readonly #changed: () => Promise<void>;

  constructor(outbox: Outbox, changed: () => Promise<void>) {
    this.#outbox = outbox;
    this.#changed = changed;
    this.#summary = h('small', { 'data-testid': 'cfi-outbox-summary' });
    this.#list = h('div', { class: 'entries' });
    this.element = h(
      'section',
      { class: 'partition', 'data-testid': 'cfi-outbox' },
      h(
        'h3',
        {},
        h('span', {}, 'Queued writes'),
        this.#summary,
        actionButton('Send now', 'cfi-outbox-flush', () => outbox.flush().finally(changed)),
      ),
      this.#list,
    );
  }

  /** Shows these writes, in the order they were queued (the order they are sent in). */
  update(items: OutboxItem[]): void {
    const failed = items.filter((item) => item.state === 'failed').length;
    this.#summary.textContent = `${items.length - failed} pending, ${failed} failed`;
    this.#list.replaceChildren(...items.map((item) => this.#row(item)));
  }

  #row(item: OutboxItem): HTMLElement {
    const outbox = this.#outbox;
    const changed = this.#changed;
    const label = `${item.method} ${item.url}`;
    return h(
      'div',
      { class: 'row', 'data-testid': 'cfi-write', 'data-id': item.id, 'data-state': item.state },
      h('span', { class: 'url' }, label),
      h('span', {}, item.conflict ? 'failed (conflict)' : item.state),
      h('span', {}, `${item.attempts} ${item.attempts === 1 ? 'attempt' : 'attempts'}`),
      h('span', { class: 'muted' }, why(item)),
      item.state === 'failed'
        ? actionButton(
            'Retry',
            'cfi-write-retry',
            () => outbox.retry(item.id).finally(changed),
            `Retry ${label}`,
          )
        : null,
      actionButton(
        'Discard',
        'cfi-write-discard',
        () => outbox.discard(item.id).finally(changed),
        `Discard ${label}`,
      ),
    );
  }
}

/** The last thing an attempt met: the origin's status, or the network error. */
function why(item: OutboxItem): string {
  if (item.inFlight) return 'sending';
  if (item.lastStatus !== undefined) return `HTTP ${item.lastStatus}`;
  return item.lastError ?? '';
}
