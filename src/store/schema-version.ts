// The schema's version, apart from ./indexeddb-schema so that the entry's early open
// (./open-early) can tell an older database without loading the stores chunk.

/** The version `IndexedDBStore` opens. Bump it together with `upgradeSchema` (./indexeddb-migration). */
export const SCHEMA_VERSION = 9;
