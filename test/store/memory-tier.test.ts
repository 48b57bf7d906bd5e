// The memory tier in front of each store, against the shared CacheStore contract: in front of a
// store it must be indistinguishable from that store.
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { MemoryStore } from '../../src/store/memory-store';
import { MemoryTier } from '../../src/store/memory-tier';
import { describeCacheStoreContract } from './contract';
import { indexedDBHarness } from './indexeddb-harness';

describeCacheStoreContract('MemoryTier over MemoryStore', {
  open: () => new MemoryTier(new MemoryStore()),
  persistent: false,
});

describeCacheStoreContract('MemoryTier over IndexedDBStore on fake-indexeddb', {
  ...indexedDBHarness,
  open: (name) => new MemoryTier(new IndexedDBStore({ name })),
});
