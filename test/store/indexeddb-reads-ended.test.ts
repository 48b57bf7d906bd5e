// Readonly transactions return before they commit; close() waits for them (readsEnded). What it
// waits on must not grow with every read a page ever made.
import { afterEach, expect, it } from 'vitest';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { readsEnded } from '../../src/store/indexeddb-transaction';
import { bytes, entry, uniqueName } from './fixtures';
import { rawDelete } from './raw-indexeddb';

const name = uniqueName('reads-ended');
const store = new IndexedDBStore({ name });

afterEach(async () => {
  await store.close();
  await rawDelete(name);
});

it('holds no chain of past reads: after 300 lookups, readsEnded() resolves to nothing', async () => {
  const stored = entry();
  await store.put(stored, bytes('body'));
  for (let i = 0; i < 300; i++) await store.lookup(stored.key, (variants) => variants[0]);
  // Each read used to wrap the previous ones in one more Promise.all, kept for the page's life.
  expect(await readsEnded()).toBeUndefined();
});
