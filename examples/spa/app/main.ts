// The example SPA: installs cached-fetch as the global fetch, then is an ordinary app calling fetch.
import { install } from '../../../src/index.ts';
import { ApiClient, type Product, type User } from './api-client.ts';
import { byId } from './dom.ts';
import { originControl } from './origin-control.ts';
import { CachePanel } from './panel.ts';
import { renderProducts, renderProductsMessage } from './products.ts';
import { RequestLog } from './request-log.ts';

// Kept before install() for the demo's own control calls (going offline must not be cached).
const networkFetch = globalThis.fetch.bind(globalThis);

const signedOutKey = 'cached-fetch-example:signed-out';
// The signed-in user's responses live in their own partition (docs/decisions/0003-partitions-and-logout.md).
const session: { userId?: string | undefined } = {
  userId: sessionStorage.getItem(signedOutKey) ? undefined : 'ada',
};

// offline: 'stale' answers with whatever is stored when the network fails or a gateway answers
// 502/503/504. install() returns the way back (unused here) with the cache handle on it.
const { cache } = install({
  maxEntries: 500,
  offline: 'stale',
  partition: () => session.userId ?? 'anonymous',
});

const log = new RequestLog();
const api = new ApiClient(log);
const panel = new CachePanel({ cache, log });
const control = originControl(networkFetch);

for (const type of [
  'stored',
  'revalidated',
  'updated',
  'evicted',
  'invalidated',
  'cleared',
] as const) {
  cache.addEventListener(type, () => panel.refresh());
}
cache.addEventListener('error', ({ operation, error }) =>
  console.warn(`cached-fetch ${operation}:`, error),
);
// Ages and TTLs change every second.
setInterval(() => panel.refresh(), 1000);

async function load(): Promise<void> {
  try {
    const [user, products, categories] = await Promise.all([
      api.getJson<User>('/api/me'),
      api.getJson<Product[]>('/api/products'),
      api.getJson<string[]>('/api/categories'),
    ]);
    byId('user').textContent = `Signed in as ${user.name}`;
    renderProducts(
      products,
      categories,
      log.entries.find((entry) => entry.url === '/api/products'),
    );
  } catch (error) {
    renderProductsMessage(`Could not load products: ${String(error)}`);
  } finally {
    panel.refresh();
  }
}

function showSignedOut(): void {
  byId('user').textContent = 'Signed out';
  byId('logout').textContent = 'Sign in';
  renderProductsMessage(
    'Signed out: the cache was cleared, nothing of this user is left on the device.',
  );
  panel.refresh();
}

function showNetwork(offline: boolean): void {
  const badge = byId('network');
  badge.textContent = offline ? 'API offline' : 'API online';
  badge.className = offline ? 'badge offline' : 'badge online';
  byId('offline').textContent = offline ? 'Go online' : 'Go offline';
}

let offline = await control.isOffline();
showNetwork(offline);

byId('refresh').addEventListener('click', () => void load());

byId('offline').addEventListener('click', async () => {
  offline = !offline;
  await control.setOffline(offline);
  showNetwork(offline);
  if (!sessionStorage.getItem(signedOutKey)) await load();
});

byId('logout').addEventListener('click', async () => {
  if (sessionStorage.getItem(signedOutKey)) {
    sessionStorage.removeItem(signedOutKey);
    session.userId = 'ada';
    byId('logout').textContent = 'Log out (clear cache)';
    await load();
    return;
  }
  // Logout: this user's stored responses go (docs/decisions/0003-partitions-and-logout.md).
  const user = session.userId;
  session.userId = undefined;
  if (user !== undefined) await cache.clear({ partition: user });
  log.clear();
  sessionStorage.setItem(signedOutKey, '1');
  showSignedOut();
});

if (sessionStorage.getItem(signedOutKey)) showSignedOut();
else await load();
