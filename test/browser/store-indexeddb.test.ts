// The IndexedDB-specific suites on real Chromium: access counting, injected faults, connection
// lifecycle (blocked, versionchange, lost connection, timeout), the v1/v2 → v3 migrations, the
// repair of totals that cannot be trusted, the calls' order while the writes chunk loads; large
// bodies kept as Blobs where the engine stores them.
import { describeIndexedDBAccess } from '../store/indexeddb-access';
import { describeBodyFormat } from '../store/indexeddb-body-format';
import { describeIndexedDBFaults } from '../store/indexeddb-faults';
import { describeIndexedDBLifecycle } from '../store/indexeddb-lifecycle';
import { describeSchemaMigration } from '../store/indexeddb-migration';
import { describeTotalsRepair } from '../store/indexeddb-totals';
import { describeWritesChunk } from '../store/indexeddb-writes-chunk';
import { rawDelete, rawOpen, rawPut } from '../store/raw-indexeddb';

/**
 * Whether this engine's IndexedDB stores a Blob at all, asked without cached-fetch: WebKit without
 * persistent storage (WebKitGTK under automation, as Safari's Private Browsing) refuses with
 * "UnknownError: Error preparing Blob/File data to be stored in object store".
 */
async function engineStoresBlobs(): Promise<boolean> {
  const name = `blob-probe-${Math.random().toString(36).slice(2)}`;
  const db = await rawOpen(name, 1, (created) => created.createObjectStore('s'));
  try {
    await rawPut(db, 's', new Blob(['x']), 'k');
    return true;
  } catch {
    return false;
  } finally {
    db.close();
    await rawDelete(name);
  }
}

describeIndexedDBAccess();
describeIndexedDBFaults();
describeIndexedDBLifecycle();
describeSchemaMigration();
describeTotalsRepair();
describeWritesChunk();
describeBodyFormat((await engineStoresBlobs()) ? 'Blob' : 'ArrayBuffer');
