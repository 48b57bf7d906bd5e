// The example SPA: installs cached-fetch as the global fetch, then is an ordinary app calling fetch.
import { install } from 'cached-fetch';
import { mountInspector } from 'cached-fetch/inspector';
import { ApiClient, type Product, type User } from './api-client.ts';
import { byId } from './dom.ts';
import { originControl } from './origin-control.ts';
import { renderProducts, renderProductsMessage } from './products.ts';
import { RequestLog } from './request-log.ts';
import { renderRequests } from './request-table.ts';

// Kept before install() for the demo's own control calls (going offline must not be cached).
const networkFetch = globalThis.fetch.bind(globalThis);

// The signed-in user (kept in sessionStorage, so a reload stays signed in or out).
const userKey = 'cached-fetch-example:user';
const session = {
  get userId(): string | undefined {
    return sessionStorage.getItem(userKey) ?? undefined;
  },
  set userId(id: string | undefined) {
    if (id === undefined) sessionStorage.removeItem(userKey);
    else sessionStorage.setItem(userKey, id);
  },
};
if (!sessionStorage.getItem('cached-fetch-example:visited')) {
  sessionStorage.setItem('cached-fetch-example:visited', '1');
  session.userId = 'ada';
}

// One partition per user; offline: 'stale' answers with whatever is stored when the network fails.
// install() returns the way back (unused here) with the cache handle on it.
const { cache } = install({
  partition: () => session.userId ?? 'anonymous',
  maxEntries: 500,
  offline: 'stale',
  // A product added while the API is unreachable is kept in IndexedDB and sent when it is back.
  outbox: true,
});
mountInspector(cache, byId('inspector'));

const log = new RequestLog();
const api = new ApiClient(log);
const control = originControl(networkFetch);

cache.addEventListener('error', ({ operation, error }) =>
  console.warn(`cached-fetch ${operation}:`, error),
);

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
    renderRequests(log);
  }
}

// Logout: forget the user, then clear their partition (the README's recipe).
async function logout(): Promise<void> {
  const user = session.userId;
  if (user === undefined) return;
  session.userId = undefined;
  await cache.clear({ partition: user });
}

function showSignedOut(): void {
  byId('user').textContent = 'Signed out';
  byId('logout').textContent = 'Sign in';
  renderProductsMessage(
    'Signed out: the cache was cleared, nothing of this user is left on the device.',
  );
  renderRequests(log);
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

// Adding a product: a plain fetch POST. Offline, the outbox answers 202 (detail="queued").
async function showWrites(): Promise<void> {
  const pending = (await cache.outbox!.list()).filter((write) => write.state === 'pending');
  byId('writes').textContent = pending.length
    ? `${pending.length} change(s) waiting for the API, kept across reloads.`
    : '';
}
byId('add').addEventListener('click', async () => {
  await fetch('/api/products', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Travel mug' }),
  });
  await showWrites();
  await load();
});
// A queued write reached the API (the cache already dropped the stored list): show the new list.
cache.addEventListener('sent', () => {
  void showWrites();
  void load();
});
void showWrites();

byId('offline').addEventListener('click', async () => {
  offline = !offline;
  await control.setOffline(offline);
  showNetwork(offline);
  if (session.userId !== undefined) await load();
});

byId('logout').addEventListener('click', async () => {
  if (session.userId === undefined) {
    session.userId = 'ada';
    byId('logout').textContent = 'Log out (clear cache)';
    await load();
    return;
  }
  await logout();
  log.clear();
  showSignedOut();
});

if (session.userId === undefined) showSignedOut();
else await load();
