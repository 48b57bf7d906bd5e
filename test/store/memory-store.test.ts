// MemoryStore against the shared CacheStore contract.
import { MemoryStore } from '../../src/store/memory-store';
import { describeCacheStoreContract } from './contract';

describeCacheStoreContract('MemoryStore', {
  open: () => new MemoryStore(),
  persistent: false,
});
