// IndexedDBStore on fake-indexeddb: the shared contract and the IndexedDB-specific suites (the
// browser project runs the same suites on real Chromium, in test/browser/store-*.test.ts).
import { describeCacheStoreContract } from './contract';
import { describeIndexedDBAccess } from './indexeddb-access';
import { describeBodyFormat } from './indexeddb-body-format';
import { describeIndexedDBFaults } from './indexeddb-faults';
import { indexedDBHarness } from './indexeddb-harness';
import { describeIndexedDBLifecycle } from './indexeddb-lifecycle';
import { describeSchemaMigration } from './indexeddb-migration';
import { describeMigrationToV9 } from './indexeddb-migration-v9';
import { describeTotalsRepair } from './indexeddb-totals';
import { describeWritesChunk } from './indexeddb-writes-chunk';

describeCacheStoreContract('IndexedDBStore on fake-indexeddb', indexedDBHarness);
describeIndexedDBAccess();
describeIndexedDBFaults();
describeIndexedDBLifecycle();
describeSchemaMigration();
describeMigrationToV9();
describeTotalsRepair();
describeWritesChunk();
// fake-indexeddb clones with Node's structuredClone: a Blob would come back empty.
describeBodyFormat('ArrayBuffer');
