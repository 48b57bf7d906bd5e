// Plain IndexedDB, without idb or the store: to build fixtures and to look at what was written.

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Opens `name` at `version`, running `upgrade` if needed; `onBlocked` sees a `blocked` event. */
export function rawOpen(
  name: string,
  version?: number,
  upgrade?: (db: IDBDatabase, tx: IDBTransaction) => void,
  onBlocked?: () => void,
): Promise<IDBDatabase> {
  const req = indexedDB.open(name, version);
  req.onupgradeneeded = () => upgrade?.(req.result, req.transaction!);
  req.onblocked = () => onBlocked?.();
  return request(req);
}

/** Deletes `name`; resolves to whether some open connection blocked the delete at first. */
export function rawDelete(name: string): Promise<{ blocked: boolean }> {
  return new Promise((resolve, reject) => {
    let blocked = false;
    const req = indexedDB.deleteDatabase(name);
    req.onblocked = () => {
      blocked = true;
    };
    req.onsuccess = () => resolve({ blocked });
    req.onerror = () => reject(req.error);
  });
}

/** Every record of one object store, read in its own transaction. */
export async function rawGetAll(db: IDBDatabase, store: string): Promise<unknown[]> {
  return request(db.transaction(store, 'readonly').objectStore(store).getAll());
}

/** Object store names and, per store, its index names (both sorted): a schema fingerprint. */
export function rawLayout(db: IDBDatabase): Record<string, string[]> {
  const layout: Record<string, string[]> = {};
  const names = [...db.objectStoreNames].sort();
  if (names.length === 0) return layout;
  const tx = db.transaction(names, 'readonly');
  for (const name of names) layout[name] = [...tx.objectStore(name).indexNames].sort();
  return layout;
}

/** The schema v1 layout, as the v1 code created it: one `entries` store, one `key` index. */
export function createV1Layout(db: IDBDatabase): void {
  const entries = db.createObjectStore('entries', { keyPath: 'id' });
  entries.createIndex('key', 'key');
}

/** The schema v2 layout, as the v2 code created it: `entries` with four indexes, and `bodies`. */
export function createV2Layout(db: IDBDatabase): void {
  const entries = db.createObjectStore('entries', { keyPath: 'id' });
  entries.createIndex('key', 'key');
  entries.createIndex('variant', ['key', 'secondaryKey']);
  entries.createIndex('lastUsed', 'lastUsed');
  entries.createIndex('partition', 'partition');
  db.createObjectStore('bodies');
}

/** The schema v3 layout, as the v3 code created it: v2 plus `meta` (bodies keyed by entry id). */
export function createV3Layout(db: IDBDatabase): void {
  createV2Layout(db);
  db.createObjectStore('meta');
}

/** The schema v4 layout, as the v4 code created it: `records` (metadata and bodies) and `meta`. */
export function createV4Layout(db: IDBDatabase): void {
  const records = db.createObjectStore('records');
  for (const index of ['id', 'key', 'partition', 'bodyOf']) records.createIndex(index, index);
  records.createIndex('variant', ['key', 'secondaryKey']);
  records.createIndex('lastUsed', ['lastUsed', 'id']);
  db.createObjectStore('meta');
}

/** Resolves when `tx` commits, rejects when it fails. */
export function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Writes one record (`key` for stores without a keyPath) in its own transaction. */
export async function rawPut(
  db: IDBDatabase,
  store: string,
  value: unknown,
  key?: IDBValidKey,
): Promise<void> {
  const tx = db.transaction(store, 'readwrite');
  tx.objectStore(store).put(value, key);
  await committed(tx);
}

/** Reads one record in its own transaction. */
export function rawGet(db: IDBDatabase, store: string, key: IDBValidKey): Promise<unknown> {
  return request(db.transaction(store, 'readonly').objectStore(store).get(key));
}

/**
 * Every record of every object store of `db`, keys included, as one string: bytes (ArrayBuffers,
 * typed arrays, Blobs) decoded as Latin-1 so that any string written inside them shows. What an
 * attacker reading the database files could see.
 */
export async function rawDump(db: IDBDatabase): Promise<string> {
  const names = [...db.objectStoreNames];
  const parts: unknown[] = [];
  for (const name of names) {
    const store = db.transaction(name, 'readonly').objectStore(name);
    const [keys, values] = await Promise.all([
      request(store.getAllKeys()),
      request(store.getAll()),
    ]);
    parts.push(name, keys, await Promise.all(values.map(readable)));
  }
  return JSON.stringify(parts);
}

async function readable(value: unknown): Promise<unknown> {
  if (value instanceof Blob) return latin1(new Uint8Array(await value.arrayBuffer()));
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object ArrayBuffer]') return latin1(new Uint8Array(value as ArrayBuffer));
  if (ArrayBuffer.isView(value)) {
    return latin1(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }
  if (Array.isArray(value)) return Promise.all(value.map(readable));
  if (typeof value === 'object' && value !== null) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, inner]) => [key, await readable(inner)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
