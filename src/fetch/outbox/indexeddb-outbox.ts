// The outbox in the cache's IndexedDB database (object store `outbox`, schema version 6): every
// change is one transaction that commits whole or not at all, so a write is either queued or the
// call that made it rejects.
import { IndexedDBConnection } from '../../store/indexeddb-connection';
import { type CacheTransaction, inTransaction } from '../../store/indexeddb-transaction';
import type { StoreErrorHandler } from '../../store/store-errors';
import {
  checkRoom,
  expiredTraces,
  type OutboxLimits,
  type OutboxRecord,
  type OutboxStore,
} from './outbox-store';

/**
 * For the changes a caller is told are kept: a queued write (its call answers 202 once this has
 * committed) and a clear (a logout). Chromium reports a commit before the disk has it unless asked
 * (its default is `relaxed` since version 121, as Firefox's and Safari's): `strict` waits for the
 * disk. The cache's own entries, which a crash may lose, keep the default.
 */
const onDisk: IDBTransactionOptions = { durability: 'strict' };

type OutboxObjectStore = ReturnType<CacheTransaction<['outbox'], 'readwrite'>['objectStore']>;

export class IndexedDBOutboxStore implements OutboxStore {
  readonly durable = true;
  readonly #connection: IndexedDBConnection;

  /** `name`: the database of the cache's store (the same connection rules, its own connection). */
  constructor(name: string, onError: StoreErrorHandler) {
    this.#connection = new IndexedDBConnection({ name, openTimeoutMs: 3000, onError });
  }

  add(record: OutboxRecord, limits: OutboxLimits): Promise<void> {
    return this.#change(
      'outbox-add',
      async (store) => {
        // Read and add in one transaction: two tabs queueing at once cannot both squeeze past.
        const kept = await store.getAll();
        checkRoom(kept, record, limits);
        const { seq: _assigned, ...unkeyed } = record;
        await Promise.all([
          ...expiredTraces(kept, record).map(({ seq }) => store.delete(seq!)),
          store.add(unkeyed as OutboxRecord),
        ]);
      },
      onDisk,
    );
  }

  all(): Promise<OutboxRecord[]> {
    return this.#connection.run('outbox-list', (db) =>
      inTransaction(db, ['outbox'], 'readonly', (tx) => tx.objectStore('outbox').getAll()),
    );
  }

  update(id: string, change: (record: OutboxRecord) => OutboxRecord | undefined) {
    return this.#change('outbox-update', async (store) => {
      const record = await store.index('id').get(id);
      if (!record) return undefined;
      const changed = change(record);
      if (changed) await store.put(changed);
      return changed ?? record;
    });
  }

  delete(id: string): Promise<boolean> {
    return this.#change('outbox-delete', async (store) => {
      const seq = await store.index('id').getKey(id);
      if (seq === undefined) return false;
      await store.delete(seq);
      return true;
    });
  }

  clear(partition?: string): Promise<number> {
    return this.#change(
      'outbox-clear',
      async (store) => {
        const records =
          partition === undefined
            ? await store.getAll()
            : await store.index('partition').getAll(partition);
        await Promise.all(records.map(({ seq }) => store.delete(seq!)));
        return records.filter(({ state }) => state !== 'sent').length;
      },
      onDisk,
    );
  }

  /** `work` on the outbox in one readwrite transaction (committed whole or not at all). */
  #change<T>(
    operation: string,
    work: (store: OutboxObjectStore) => Promise<T>,
    options?: IDBTransactionOptions,
  ): Promise<T> {
    return this.#connection.run(operation, (db) =>
      inTransaction(db, ['outbox'], 'readwrite', (tx) => work(tx.objectStore('outbox')), options),
    );
  }

  close(): Promise<void> {
    return this.#connection.close();
  }
}
