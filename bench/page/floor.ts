// The floor of a cache hit: one bare idb `get` of the stored body record on an open connection,
// wrapped in `new Response` and read fully. Nothing a cache could do with IndexedDB is cheaper.
import { type IDBPDatabase, openDB } from 'idb';
import { expectBytes, type Variant } from './sampler.ts';

/** Where one stored body lives. */
export interface BodyRecordRef {
  dbName: string;
  storeName: string;
  key: IDBValidKey;
}

const connections = new Map<string, Promise<IDBPDatabase>>();

/**
 * A second connection to an existing database (the cache's own, or ours). Opened without a
 * version, so it never upgrades anything; it refuses to create a database (that would make an
 * empty version 1 the cache's store would then fail to migrate), and closes itself when the
 * owner needs a version change.
 */
export function connect(dbName: string): Promise<IDBPDatabase> {
  let db = connections.get(dbName);
  if (!db) {
    db = (async () => {
      const existing = await indexedDB.databases();
      if (!existing.some((d) => d.name === dbName)) throw new Error(`no database ${dbName} yet`);
      return openDB(dbName, undefined, {
        blocking: (_current, _next, event) => {
          (event.target as IDBDatabase).close();
          connections.delete(dbName);
        },
      });
    })();
    connections.set(dbName, db);
    db.catch(() => connections.delete(dbName));
  }
  return db;
}

/** Resolves once every read-write transaction created so far on `dbName` has finished. */
export async function writeBarrier(dbName: string): Promise<void> {
  const db = await connect(dbName);
  const names = [...db.objectStoreNames];
  const tx = db.transaction(names, 'readonly');
  // One cheap request, so the transaction is certainly scheduled behind the writers.
  await tx.objectStore(names[0]!).getKey('\u{10FFFF}bench-barrier');
  await tx.done;
}

/** The body bytes of a stored value, whatever record shape the store chose. */
function bodyOf(value: unknown): BodyInit | undefined {
  if (value instanceof ArrayBuffer || value instanceof Blob || ArrayBuffer.isView(value)) {
    return value as BodyInit;
  }
  if (value && typeof value === 'object') {
    for (const field of Object.values(value)) {
      const body = bodyOf(field);
      if (body !== undefined) return body;
    }
  }
  return undefined;
}

export function floorVariant(
  name: string,
  ref: () => Promise<BodyRecordRef>,
  bytes: number,
): Variant {
  let target: BodyRecordRef;
  let db: IDBPDatabase;
  return {
    name,
    prepare: async () => {
      target = await ref();
      db = await connect(target.dbName);
    },
    run: async () => {
      const value = await db.get(target.storeName, target.key);
      expectBytes(await new Response(bodyOf(value)).arrayBuffer(), bytes, name);
    },
  };
}

/** When cachedFetch cannot run, the floor reads a record of the same size from its own store. */
export async function ownFloorRecord(key: string, body: ArrayBuffer): Promise<BodyRecordRef> {
  const dbName = 'bench-floor';
  const db = await openDB(dbName, 1, { upgrade: (d) => d.createObjectStore('bodies') });
  await db.put('bodies', body, key);
  db.close();
  return { dbName, storeName: 'bodies', key };
}

/**
 * The same bytes stored as a Blob rather than an ArrayBuffer: not a floor, a probe of the other
 * body storage format (Chromium can hand a Blob's bytes to a Response without a JS copy).
 */
export async function blobRecord(key: string, body: ArrayBuffer): Promise<BodyRecordRef> {
  const dbName = 'bench-blob-bodies';
  const db = await openDB(dbName, 1, { upgrade: (d) => d.createObjectStore('bodies') });
  await db.put('bodies', new Blob([body]), key);
  db.close();
  return { dbName, storeName: 'bodies', key };
}

/**
 * Finds the body record cachedFetch's schema v4 holds for `url`: in `records`, the metadata
 * record (`id`, `key`, `response.url`) under `[key, id, 0]` and the body record under
 * `[key, id, 1]`. `entryKey` is the primary key.
 */
export async function findBodyRecord(
  dbName: string,
  url: string,
): Promise<BodyRecordRef & { entryKey: string }> {
  const db = await connect(dbName);
  const names = [...db.objectStoreNames];
  if (!names.includes('records')) {
    throw new Error(`${dbName} has stores [${names.join(', ')}], not records`);
  }
  let cursor = await db.transaction('records').store.openCursor();
  while (cursor) {
    const entry = cursor.value as { id?: string; key?: string; response?: { url?: string } };
    if (entry.response?.url === url && entry.id !== undefined && entry.key !== undefined) {
      const key = [entry.key, entry.id, 1];
      if ((await db.get('records', key)) === undefined) break;
      return { dbName, storeName: 'records', key, entryKey: entry.key };
    }
    cursor = await cursor.continue();
  }
  throw new Error(`no stored body for ${url} in ${dbName}`);
}
