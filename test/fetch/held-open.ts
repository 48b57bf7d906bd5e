// A page whose early open of the default database is held (decision 0027, "Eighth pass"): what a
// first visit does before IndexedDB has said whether anything is stored, in an exact order.
import { vi } from 'vitest';
import { DEFAULT_DATABASE_NAME } from '../../src/store/open-early';

/**
 * The instance `create` makes, with its early open (`indexedDB.open(name)` without a version, made
 * as it is created) not started until `release()`: until then, nothing tells the page whether its
 * database exists.
 */
export function withEarlyOpenHeld<T extends object>(create: () => T): T & { release(): void } {
  const factory = indexedDB;
  const open = factory.open.bind(factory);
  let real: IDBOpenDBRequest | undefined;
  const held = {} as Record<string, ((event: Event) => void) | null>;
  Object.defineProperties(held, {
    transaction: { get: () => real?.transaction },
    result: { get: () => real?.result },
  });
  const spy = vi
    .spyOn(factory, 'open')
    .mockImplementation((name, version) =>
      version === undefined ? (held as unknown as IDBOpenDBRequest) : open(name, version),
    );
  const made = create();
  spy.mockRestore();
  return Object.assign(made, {
    release() {
      real = open(DEFAULT_DATABASE_NAME);
      for (const type of ['upgradeneeded', 'success', 'error'])
        real.addEventListener(type, (event) => held[`on${type}`]?.(event));
    },
  });
}
