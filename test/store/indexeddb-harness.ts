// How the contract and IndexedDB suites open and delete an IndexedDBStore, in either project.
import { deleteDB } from 'idb';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import type { StoreHarness } from './contract';

export const indexedDBHarness: StoreHarness = {
  open: (name) => new IndexedDBStore({ name }),
  persistent: true,
  destroy: (name) => deleteDB(name),
};
