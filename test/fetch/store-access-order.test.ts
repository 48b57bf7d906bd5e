// StoreAccess (src/fetch/storage/store-access.ts): calls made while the store's chunk loads reach
// the store in call order. Each call awaiting the load on its own, a lookup called just as the
// load ended found the backend there and reached the store before a clear called earlier (that
// one still awaited the load), and read what the clear removed (decision 0027, "Seventh pass").
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from './support';

afterEach(() => {
  vi.doUnmock('../../src/fetch/storage/storage-backend');
  vi.resetModules();
});

describe('calls made while the store loads', () => {
  it('a lookup called as the load ends reaches the store after a clear() called before it', async () => {
    vi.resetModules();
    // The moment the backend is made: the lookup below is called then, so that it resumes from its
    // first await just after the backend is there, while the clear() still awaits the load.
    let backendMade: () => void = () => {};
    vi.doMock('../../src/fetch/storage/storage-backend', async () => {
      const actual = await vi.importActual<
        typeof import('../../src/fetch/storage/storage-backend')
      >('../../src/fetch/storage/storage-backend');
      return {
        ...actual,
        openBackend: (...args: Parameters<typeof actual.openBackend>) => {
          const backend = actual.openBackend(...args);
          backendMade();
          return backend;
        },
      };
    });
    const { StoreAccess } = await import('../../src/fetch/storage/store-access');
    const { resolveOptions } = await import('../../src/fetch/context/options');
    const { CacheEvents } = await import('../../src/fetch/context/events');
    const { MemoryStore } = await import('../../src/stores');
    const { storedResponse, entry, bytes } = await import('../store/fixtures');
    const store = new MemoryStore();
    await store.put(entry({ key: 'k', response: storedResponse() }), bytes('stored'));
    const calls: string[] = [];
    for (const name of ['clear', 'lookup'] as const) {
      const original = store[name].bind(store) as (...args: unknown[]) => unknown;
      (store as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        calls.push(name);
        return original(...args);
      };
    }
    const clock = fixedClock();
    const access = new StoreAccess(
      resolveOptions({ store, crossTab: false, memory: false, now: clock.now }),
      new CacheEvents(),
    );
    const looked = new Promise<Awaited<ReturnType<typeof access.lookup>>>((resolve) => {
      backendMade = () =>
        resolve(
          access.lookup(
            {
              key: 'k',
              partition: '',
              request: { url: 'https://api.test/k' },
              snapshot: { method: 'GET', url: 'https://api.test/k', headers: [], mode: 'default' },
            },
            (variants) => variants[0],
          ),
        );
    });
    const cleared = access.withBackend(({ store }) => store.clear());
    const found = await looked;
    expect(await cleared).toBe(1);
    expect(calls).toEqual(['clear', 'lookup']);
    expect(found.chosen).toBeUndefined();
  });
});
