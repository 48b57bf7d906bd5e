// No promise of IndexedDBStore may reject unobserved: in Node (SSR) an unhandled rejection ends the
// process. A fault is injected at every IndexedDB call of every store method, once as a synchronous
// throw (the transaction then aborts, failing the requests issued before it) and once as an
// asynchronous failure (the transaction aborts after the request was issued).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CacheStore } from '../../src/store/cache-store';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { bytes, entry, storedResponse, uniqueName } from './fixtures';
import { rawDelete } from './raw-indexeddb';

type Patched = { proto: { [name: string]: unknown }; name: string };

/** Every IndexedDB call that issues a request. */
const requestMethods: Patched[] = [
  ...['get', 'getAll', 'getAllKeys', 'put', 'add', 'delete', 'clear', 'count', 'openCursor'].map(
    (name) => ({ proto: IDBObjectStore.prototype as never, name }),
  ),
  ...['get', 'getAll', 'getAllKeys', 'count', 'openCursor'].map((name) => ({
    proto: IDBIndex.prototype as never,
    name,
  })),
  ...['continue', 'advance'].map((name) => ({ proto: IDBCursor.prototype as never, name })),
];

type Fault = 'sync' | 'async';

/** Counts IndexedDB calls; the `failAt`-th one fails as `fault` says. Returns the undo. */
function injectFault(counter: { calls: number }, failAt: number, fault: Fault): () => void {
  type Method = (this: unknown, ...args: unknown[]) => unknown;
  const originals = requestMethods.map(
    ({ proto, name }) => [proto, name, proto[name] as Method] as const,
  );
  for (const [proto, name, original] of originals) {
    proto[name] = function (this: unknown, ...args: unknown[]) {
      counter.calls += 1;
      if (counter.calls !== failAt) return original.apply(this, args);
      if (fault === 'sync') throw new DOMException('injected', 'InvalidStateError');
      const result = original.apply(this, args);
      const request = (result ?? (this as { request?: IDBRequest }).request) as IDBRequest;
      request.transaction?.abort();
      return result;
    };
  }
  return () => {
    for (const [proto, name, original] of originals) proto[name] = original;
  };
}

const base = entry({ key: 'GET /a', secondaryKey: 'v1', partition: 'p', lastUsed: 1 });
const second = entry({ key: 'GET /a', secondaryKey: 'v2', partition: 'p', lastUsed: 2 });
const third = entry({ key: 'GET /b', secondaryKey: '', partition: 'q', lastUsed: 3 });

/** Every store method, with arguments that make it issue several requests in one transaction. */
const calls: Array<[string, (store: CacheStore) => Promise<unknown>]> = [
  ['getVariants', (s) => s.getVariants(base.key)],
  ['lookup', (s) => s.lookup!(base.key, (variants) => variants[0])],
  ['getBody', (s) => s.getBody(base.id)],
  ['put (replacing a variant)', (s) => s.put({ ...base, id: 'replacement' }, bytes('new'))],
  ['update', (s) => s.update(base.id, storedResponse({ statusText: 'Freshened' }))],
  [
    'touch',
    (s) =>
      s.touch([
        { id: base.id, lastUsed: 10 },
        { id: second.id, lastUsed: 11 },
      ]),
  ],
  ['delete', (s) => s.delete(base.key)],
  ['clear()', (s) => s.clear()],
  ['clear({ partition })', (s) => s.clear({ partition: 'p' })],
  ['prune', (s) => s.prune({ maxEntries: 1 })],
  ['stats', (s) => s.stats()],
  ['list', (s) => s.list()],
  ['list({ partition })', (s) => s.list({ partition: 'p' })],
];

async function macrotasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('IndexedDBStore leaves no promise rejecting unhandled, whatever IndexedDB call fails', () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', record);
  });
  afterAll(() => {
    process.off('unhandledRejection', record);
  });
  let names: string[] = [];
  afterEach(async () => {
    for (const name of names) await rawDelete(name);
    names = [];
  });

  async function seeded(): Promise<IndexedDBStore> {
    const name = uniqueName('unhandled');
    names.push(name);
    const store = new IndexedDBStore({ name });
    for (const e of [base, second, third]) await store.put(e, bytes(e.id));
    return store;
  }

  it.each(calls)('%s', async (_name, call) => {
    unhandled.length = 0;
    // How many IndexedDB calls the method makes when nothing fails.
    const counter = { calls: 0 };
    let store = await seeded();
    let undo = injectFault(counter, 0, 'sync');
    await call(store);
    undo();
    await store.close();
    const total = counter.calls;
    expect(total).toBeGreaterThan(0);

    for (const fault of ['sync', 'async'] as const) {
      for (let failAt = 1; failAt <= total; failAt++) {
        store = await seeded();
        counter.calls = 0;
        undo = injectFault(counter, failAt, fault);
        try {
          await call(store).catch(() => {});
        } finally {
          undo();
        }
        await macrotasks();
        await store.close();
        expect(
          unhandled.map((e) => String((e as Error)?.stack ?? e)),
          `${fault} fault at IndexedDB call ${failAt} of ${total}`,
        ).toEqual([]);
      }
    }
  });
});
