// Meters what the page writes to IndexedDB, per kind of record, by wrapping the three write paths
// (IDBObjectStore put/add, IDBCursor update) and summing an estimate of each value's size. A write
// whose value carries binary data (a body) counts as `bodies`, whatever store it goes to; other
// writes count under their store's name, cachedFetch's `records` (metadata and bodies side by
// side since schema v4) as `entries`.

export interface StoreWrites {
  writes: number;
  bytes: number;
}

export interface IdbWriteMeter {
  read(): Record<string, StoreWrites>;
  reset(): void;
  stop(): void;
}

/**
 * Structured-clone size estimate: binary data by byte length, strings by length (the stored
 * metadata is ASCII), numbers as 8 bytes, property names included. Good enough to tell
 * "metadata only" (hundreds of bytes) from "body rewritten" (the body's size).
 */
export function structuredSize(value: unknown, seen = new Set<object>()): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'string') return value.length;
  if (typeof value === 'number' || typeof value === 'bigint') return 8;
  if (typeof value === 'boolean') return 1;
  if (typeof value !== 'object') return 0;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value instanceof Blob) return value.size;
  if (seen.has(value)) return 0;
  seen.add(value);
  if (value instanceof Map) {
    let total = 0;
    for (const [k, v] of value) total += structuredSize(k, seen) + structuredSize(v, seen);
    return total;
  }
  if (value instanceof Set || Array.isArray(value)) {
    let total = 0;
    for (const v of value) total += structuredSize(v, seen);
    return total;
  }
  let total = 0;
  for (const [k, v] of Object.entries(value)) total += k.length + structuredSize(v, seen);
  return total;
}

/** Whether a value holds an ArrayBuffer, a view of one or a Blob, at any depth. */
function carriesBinary(value: unknown, seen = new Set<object>()): boolean {
  if (value === null || typeof value !== 'object' || seen.has(value)) return false;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value) || value instanceof Blob) {
    return true;
  }
  seen.add(value);
  const children = value instanceof Map ? [...value.values()] : Object.values(value);
  return children.some((child) => carriesBinary(child, seen));
}

export function meterIdbWrites(): IdbWriteMeter {
  let perStore = new Map<string, StoreWrites>();
  const record = (storeName: string, value: unknown) => {
    const store = carriesBinary(value) ? 'bodies' : storeName === 'records' ? 'entries' : storeName;
    const entry = perStore.get(store) ?? { writes: 0, bytes: 0 };
    entry.writes++;
    entry.bytes += structuredSize(value);
    perStore.set(store, entry);
  };
  const storeProto = IDBObjectStore.prototype;
  const cursorProto = IDBCursor.prototype;
  const { put, add } = storeProto;
  const { update } = cursorProto;
  storeProto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    record(this.name, value);
    return put.call(this, value, key);
  };
  storeProto.add = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    record(this.name, value);
    return add.call(this, value, key);
  };
  cursorProto.update = function (this: IDBCursor, value: unknown) {
    const source = this.source;
    record(
      source instanceof IDBIndex ? source.objectStore.name : (source as IDBObjectStore).name,
      value,
    );
    return update.call(this, value);
  };
  return {
    read: () => Object.fromEntries(perStore),
    reset: () => {
      perStore = new Map();
    },
    stop: () => {
      storeProto.put = put;
      storeProto.add = add;
      cursorProto.update = update;
    },
  };
}
