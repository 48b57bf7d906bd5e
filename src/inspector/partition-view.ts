// One partition's stored responses in the inspector, with the button that clears them.
import type { CachedEntryInfo, CacheHandle } from 'cached-fetch';
import { actionButton, h } from './dom';
import { EntryView } from './entry-view';
import { formatBytes } from './format';

export class PartitionView {
  readonly element: HTMLElement;
  readonly #summary: HTMLElement;
  readonly #list: HTMLElement;
  readonly #entries = new Map<string, EntryView>();
  readonly #cache: CacheHandle;

  constructor(cache: CacheHandle, partition: string) {
    this.#cache = cache;
    this.#summary = h('small', { 'data-testid': 'cfi-partition-summary' });
    this.#list = h('div', { class: 'entries' });
    this.element = h(
      'section',
      { class: 'partition', 'data-testid': 'cfi-partition', 'data-partition': partition },
      h(
        'h3',
        {},
        h('span', {}, partition === '' ? 'Default partition' : `Partition “${partition}”`),
        this.#summary,
        actionButton(
          'Clear partition',
          'cfi-clear-partition',
          () => cache.clear({ partition }),
          partition === '' ? 'Clear the default partition' : `Clear partition “${partition}”`,
        ),
      ),
      // Column labels; a narrow inspector shows each cell's own label instead (styles.ts).
      h(
        'div',
        { class: 'row labels', 'data-testid': 'cfi-column-labels' },
        ...['URL and Vary', 'Status', 'Age', 'Freshness', 'Size', 'Validators', 'Actions'].map(
          (label) => h('span', {}, label),
        ),
      ),
      this.#list,
    );
  }

  /** Shows these entries (already in display order), reusing the views of those still there. */
  update(entries: CachedEntryInfo[]): void {
    const bytes = entries.reduce((sum, entry) => sum + entry.size, 0);
    this.#summary.textContent = `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, ${formatBytes(bytes)}`;
    const current = new Set(entries.map((entry) => entry.id));
    for (const [id, view] of this.#entries) {
      if (!current.has(id)) {
        view.element.remove();
        this.#entries.delete(id);
      }
    }
    entries.forEach((entry, index) => {
      let view = this.#entries.get(entry.id);
      if (view) view.update(entry);
      else {
        view = new EntryView(this.#cache, entry);
        this.#entries.set(entry.id, view);
      }
      // Move only what is out of place: a moved node would lose a click in progress.
      if (this.#list.children[index] !== view.element) {
        this.#list.insertBefore(view.element, this.#list.children[index] ?? null);
      }
    });
  }
}
