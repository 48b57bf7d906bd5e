// The shop itself: the product list, and where its data came from.
import type { Product } from './api-client.ts';
import { byId, el } from './dom.ts';
import type { LoggedRequest } from './request-log.ts';

const price = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' });

/** Where the list came from, told from the Cache-Status of its response. */
function sourceSentence(source: LoggedRequest): string {
  const time = `in ${source.ms} ms`;
  switch (source.outcome) {
    case 'hit':
      return `Served from the cache ${time}, without contacting the API.`;
    case 'offline':
      return `Served from the cache ${time}: the API is unreachable, so the stored copy is shown (offline: 'stale').`;
    case 'revalidated':
      return `Served from the cache ${time}, after the API confirmed it unchanged (304).`;
    case 'miss':
      return `Downloaded from the API ${time}, and stored.`;
    case 'network':
      return `Downloaded from the API ${time}.`;
    case 'error':
      return 'The request failed.';
  }
}

export function renderProducts(
  products: Product[],
  categories: string[],
  source: LoggedRequest | undefined,
): void {
  byId('categories').replaceChildren(
    ...categories.map((name) => el('li', { class: 'category' }, name)),
  );
  byId('products').replaceChildren(
    ...products.map((product) =>
      el(
        'li',
        { class: 'product', 'data-testid': 'product' },
        el('div', { class: 'product-name' }, product.name),
        el('div', { class: 'product-price' }, price.format(product.price)),
        el('div', { class: 'muted' }, product.category),
        el(
          'div',
          { class: product.stock > 0 ? 'stock' : 'stock out' },
          product.stock > 0 ? `${product.stock} in stock` : 'Sold out',
        ),
      ),
    ),
  );
  const note = byId('products-source');
  note.textContent = source ? sourceSentence(source) : '';
  note.className = `source ${source?.outcome ?? ''}`;
}

export function renderProductsMessage(message: string): void {
  byId('categories').replaceChildren();
  byId('products').replaceChildren(el('li', { class: 'message' }, message));
  byId('products-source').textContent = '';
  byId('products-source').className = 'source';
}
