// createDefaultStore and FallbackStore: IndexedDB where it opens, memory for the session where it
// does not (missing, throwing, hanging, hollow), reported once, never failing a call.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CacheStore } from '../../src/store/cache-store';
import { createDefaultStore } from '../../src/store/default-store';
import { FallbackStore } from '../../src/store/fallback-store';
import { SCHEMA_VERSION } from '../../src/store/indexeddb-schema';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { MemoryStore } from '../../src/store/memory-store';
import { StoreOpenError } from '../../src/store/store-errors';
import { bytes, entry, text, uniqueName } from './fixtures';
import { rawDelete, rawOpen } from './raw-indexeddb';

const opened: CacheStore[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  for (const store of opened.splice(0)) await store.close();
});

function track<S extends CacheStore>(store: S): S {
  opened.push(store);
  return store;
}

/** Stores and reads back one entry: proves the store works whatever it fell back to. */
async function roundTrip(store: CacheStore): Promise<string | undefined> {
  const written = entry();
  await store.put(written, bytes('works'));
  return text(await store.getBody(written.id));
}

describe('createDefaultStore', () => {
  it('is a MemoryStore where there is no indexedDB (Node, SSR, storage disabled)', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const store = track(createDefaultStore());
    expect(store).toBeInstanceOf(MemoryStore);
    expect(await roundTrip(store)).toBe('works');
  });

  it('is a MemoryStore where merely touching indexedDB throws (sandboxed contexts)', () => {
    vi.spyOn(globalThis, 'indexedDB', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(track(createDefaultStore())).toBeInstanceOf(MemoryStore);
  });

  it('persists in IndexedDB where it opens, without reporting anything', async () => {
    const name = uniqueName('default');
    const onError = vi.fn();
    const store = track(createDefaultStore({ name, onError }));
    expect(store).toBeInstanceOf(FallbackStore);
    expect(await roundTrip(store)).toBe('works');
    const direct = track(new IndexedDBStore({ name }));
    expect((await direct.stats()).entries).toBe(1);
    expect((store as FallbackStore).usingFallback).toBe(false);
    expect(onError).not.toHaveBeenCalled();
    await store.close();
    await direct.close();
    await rawDelete(name);
  });

  it('validates its options eagerly, even where IndexedDB is missing', () => {
    vi.stubGlobal('indexedDB', undefined);
    expect(() => createDefaultStore({ openTimeoutMs: 0 })).toThrow(
      new TypeError('expected options.openTimeoutMs to be a positive integer, got 0'),
    );
    expect(() => createDefaultStore({ name: '' })).toThrow(/options\.name/);
  });
});

describe('falling back to memory when IndexedDB will not open', () => {
  async function expectFallback(
    store: CacheStore,
    onError: ReturnType<typeof vi.fn>,
    reason: RegExp,
  ) {
    // Several first calls at once: all succeed, one report.
    const results = await Promise.all([roundTrip(store), store.stats(), store.getVariants('k')]);
    expect(results[0]).toBe('works');
    expect(await roundTrip(store)).toBe('works');
    expect((store as FallbackStore).usingFallback).toBe(true);
    expect(onError).toHaveBeenCalledTimes(1);
    const [error, context] = onError.mock.calls[0]!;
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(String(error.message)).toMatch(reason);
    expect(context).toEqual({ operation: 'open', recovery: 'memory' });
  }

  it('when indexedDB.open throws', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    });
    const onError = vi.fn();
    await expectFallback(
      track(createDefaultStore({ name: uniqueName('x'), onError })),
      onError,
      /denied/,
    );
  });

  it('when the open request never answers (Safari), after openTimeoutMs', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => new IDBOpenDBRequest());
    const onError = vi.fn();
    const store = track(createDefaultStore({ name: uniqueName('x'), onError, openTimeoutMs: 50 }));
    const started = performance.now();
    await expectFallback(store, onError, /did not open within 50 ms/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('decision 0003: calls keep their order across the switch: a put, then a clear, both waiting on an open that never answers, leave nothing', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => new IDBOpenDBRequest());
    const store = track(createDefaultStore({ name: uniqueName('order'), openTimeoutMs: 50 }));
    // The put fails later than the clear (it waits for the writes' code first): run in the order
    // the failures came, the clear went first and the secret stayed.
    const put = store.put(entry(), bytes('secret of alice'));
    const clear = store.clear();
    await Promise.all([put, clear]);
    expect(await store.list()).toEqual([]);
    // And a call made after the switch comes after those made before it.
    const late = entry();
    const again = store.put(late, bytes('later'));
    const afterIt = store.delete(late.key);
    await Promise.all([again, afterIt]);
    expect(await store.list()).toEqual([]);
  });

  it('when the database opens without its object stores', async () => {
    const name = uniqueName('hollow');
    (await rawOpen(name, SCHEMA_VERSION)).close();
    const onError = vi.fn();
    await expectFallback(
      track(createDefaultStore({ name, onError })),
      onError,
      /missing its object stores/,
    );
    await rawDelete(name);
  });

  it('but lets errors of single operations through, without switching', async () => {
    const primary = new MemoryStore();
    vi.spyOn(primary, 'getBody').mockRejectedValue(new DOMException('read failed', 'UnknownError'));
    const onError = vi.fn();
    const store = new FallbackStore(primary, { onError });
    await expect(store.getBody('x')).rejects.toMatchObject({ name: 'UnknownError' });
    expect(store.usingFallback).toBe(false);
    expect(onError).not.toHaveBeenCalled();
  });

  it('uses the fallback it is given, and closes the primary it gave up on', async () => {
    const primary = new MemoryStore();
    vi.spyOn(primary, 'stats').mockRejectedValue(new StoreOpenError('nope'));
    const close = vi.spyOn(primary, 'close');
    const fallback = new MemoryStore();
    const store = new FallbackStore(primary, { createFallback: () => fallback });
    expect(await store.stats()).toEqual({ entries: 0, bytes: 0 });
    await fallback.put(entry({ key: 'k' }), bytes('x'));
    expect(await store.getVariants('k')).toHaveLength(1);
    expect(close).toHaveBeenCalledTimes(1);
  });
});
