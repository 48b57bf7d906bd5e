// The IndexedDB-specific suites on real Chromium: access counting, injected faults, connection
// lifecycle (blocked, versionchange, lost connection, timeout), and the v1 → v2 migration.
import { describeIndexedDBAccess } from '../store/indexeddb-access';
import { describeIndexedDBFaults } from '../store/indexeddb-faults';
import { describeIndexedDBLifecycle } from '../store/indexeddb-lifecycle';
import { describeSchemaMigration } from '../store/indexeddb-migration';

describeIndexedDBAccess();
describeIndexedDBFaults();
describeIndexedDBLifecycle();
describeSchemaMigration();
