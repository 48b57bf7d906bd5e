// IndexedDBStore on real Chromium IndexedDB against the shared CacheStore contract.
import { describeCacheStoreContract } from '../store/contract';
import { indexedDBHarness } from '../store/indexeddb-harness';

describeCacheStoreContract('IndexedDBStore on Chromium IndexedDB', indexedDBHarness);
