// The IndexedDB-specific suites on real Chromium: access counting, injected faults, connection
// lifecycle (blocked, versionchange, lost connection, timeout), the v1/v2 → v3 migrations, and the
// repair of totals that cannot be trusted; large bodies kept as Blobs.
import { describeIndexedDBAccess } from '../store/indexeddb-access';
import { describeBodyFormat } from '../store/indexeddb-body-format';
import { describeIndexedDBFaults } from '../store/indexeddb-faults';
import { describeIndexedDBLifecycle } from '../store/indexeddb-lifecycle';
import { describeSchemaMigration } from '../store/indexeddb-migration';
import { describeTotalsRepair } from '../store/indexeddb-totals';

describeIndexedDBAccess();
describeIndexedDBFaults();
describeIndexedDBLifecycle();
describeSchemaMigration();
describeTotalsRepair();
describeBodyFormat('Blob');
