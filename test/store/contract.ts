// The one CacheStore contract suite, run against every store: MemoryStore and IndexedDBStore on
// fake-indexeddb (unit project), IndexedDBStore on real Chromium IndexedDB (browser project).
import { afterEach, beforeEach, describe } from 'vitest';
import type { CacheStore } from '../../src/store/cache-store';
import { describeBasics } from './contract-basics';
import { describeEviction } from './contract-eviction';
import { describeConcurrencyAndFaults } from './contract-faults';
import { describeGroups } from './contract-groups';
import { describePartitions } from './contract-partitions';
import { describeTotals } from './contract-totals';
import { uniqueName } from './fixtures';

export interface StoreHarness {
  /**
   * A store over the storage called `name`. For a persistent store, opening the same name twice
   * gives two stores over the same data (a reopen).
   */
  open(name: string): CacheStore;
  /** Whether a second store opened with the same name sees the first one's data. */
  persistent: boolean;
  /** Removes the storage called `name` once a test is done. */
  destroy?(name: string): Promise<void>;
}

/** What each contract test gets: a fresh, empty store, and a way to open it again. */
export interface ContractContext {
  readonly store: CacheStore;
  readonly persistent: boolean;
  /** Another store over the same storage (meaningful when `persistent`). */
  reopen(): CacheStore;
}

export function describeCacheStoreContract(title: string, harness: StoreHarness): void {
  describe(`CacheStore contract: ${title}`, () => {
    let name = '';
    let opened: CacheStore[] = [];
    const open = () => {
      const store = harness.open(name);
      opened.push(store);
      return store;
    };
    const context: ContractContext = {
      get store() {
        return opened[0]!;
      },
      persistent: harness.persistent,
      reopen: open,
    };

    beforeEach(() => {
      name = uniqueName('contract');
      opened = [];
      open();
    });

    afterEach(async () => {
      await Promise.all(opened.map((store) => store.close()));
      await harness.destroy?.(name);
    });

    describeBasics(context);
    describeEviction(context);
    describeGroups(context);
    describeConcurrencyAndFaults(context);
    describeTotals(context);
    describePartitions(context);
  });
}
