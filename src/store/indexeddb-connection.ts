// One cached IndexedDB connection: opened lazily with a timeout, closed when another tab upgrades
// or deletes the database, and reopened once when the browser has dropped it (Safari).
import { type IDBPDatabase, type IDBPTransaction, type StoreNames, wrap } from 'idb';
import type { AnyVersionDB, UpgradeTransaction } from './indexeddb-migration';
import { type CacheDB, createSchema, SCHEMA_VERSION } from './indexeddb-schema';
import { readsEnded } from './indexeddb-transaction';
import { takeEarly } from './open-early';
import { notify, type StoreErrorHandler, StoreOpenError } from './store-errors';

export interface ConnectionOptions {
  name: string;
  openTimeoutMs: number;
  onError?: StoreErrorHandler | undefined;
  /** The database was deleted behind this connection's back (see `#open`). Once per loss. */
  onWiped?: (() => void) | undefined;
  /**
   * Where to open it, asked on every open: a Storage Bucket's factory (./storage-bucket).
   * Default: the global `indexedDB`.
   */
  factory?: (() => Promise<IDBFactory>) | undefined;
}

export type CacheDatabase = IDBPDatabase<CacheDB>;

type Migration = typeof import('./indexeddb-migration');

/**
 * The migrations (./indexeddb-migration), once loaded. A chunk of their own: a database already at
 * the schema's version never needs them (issue 24, decision 0027). An upgrade cannot wait for an
 * import() (its transaction commits when idle), so they are loaded before the open that needs
 * them: when the early open (./open-early) found the database older, or else once an open at
 * SCHEMA_VERSION asked to upgrade an older one without them (that upgrade is aborted, nothing
 * changed, and the open made again). A new database needs none (`createSchema`).
 */
let migration: Migration | undefined;

function loadMigration(): Promise<Migration> {
  return import('./indexeddb-migration').then((loaded) => (migration = loaded));
}

/**
 * True for the errors a connection the browser has closed behind our back produces:
 * `InvalidStateError` from `db.transaction()` ("The database connection is closing"), and
 * Safari's "Connection to Indexed Database server lost" (an `UnknownError`).
 */
export function isConnectionLost(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  if (name === 'InvalidStateError') return true;
  return typeof message === 'string' && /connection to indexed database server lost/i.test(message);
}

/**
 * The connection an `IndexedDBStore` works through. Internal: one per store, opened on first
 * use, cached, and dropped (so the next use reopens) when it fails, is lost, or must step aside.
 */
export class IndexedDBConnection {
  readonly #options: ConnectionOptions;
  /** The one open in progress or done; undefined when there is none to reuse. */
  #opening: Promise<CacheDatabase> | undefined;
  /** An open has succeeded: a database found missing since then was taken away. */
  #everOpened = false;
  /** The current loss was reported already (at the deletion's `versionchange`). */
  #lossReported = false;
  /** How many times `close()` was called: a reopen planned before one is dropped. */
  #closes = 0;

  constructor(options: ConnectionOptions) {
    this.#options = options;
  }

  /**
   * Runs `operation` on the open database. If it fails because the connection was lost, reopens
   * once and runs it again. Safe only because every operation runs in transactions that either
   * commit whole or abort whole (see `inTransaction`): a failed first attempt wrote nothing.
   */
  async run<T>(operationName: string, operation: (db: CacheDatabase) => Promise<T>): Promise<T> {
    const opening = this.database();
    const db = await opening;
    try {
      return await operation(db);
    } catch (error) {
      if (!isConnectionLost(error)) throw error;
      this.#forget(opening, db);
      notify(this.#options.onError, error, { operation: operationName, recovery: 'retry' });
      return operation(await this.database());
    }
  }

  /** The cached open connection, opening it if needed. Rejects with a StoreOpenError. */
  database(): Promise<CacheDatabase> {
    if (!this.#opening) {
      const opening = this.#open();
      this.#opening = opening;
      // A failed open is not cached: the next operation tries again.
      opening.catch(() => {
        if (this.#opening === opening) this.#opening = undefined;
      });
    }
    return this.#opening;
  }

  async close(): Promise<void> {
    this.#closes++;
    // An early open nobody took (the store closed before its first use): closed too.
    takeEarly(this.#options.name)?.then((db) => db?.close());
    const opening = this.#opening;
    this.#opening = undefined;
    const db = await opening?.catch(() => undefined);
    if (!db) return;
    db.close();
    await readsEnded();
  }

  #reportLoss(): void {
    if (this.#lossReported) return;
    this.#lossReported = true;
    this.#options.onWiped?.();
  }

  /** Closes `db` and, if it is still the cached connection, drops it so the next use reopens. */
  #forget(opening: Promise<CacheDatabase>, db: CacheDatabase): void {
    if (this.#opening === opening) this.#opening = undefined;
    db.close();
  }

  #open(): Promise<CacheDatabase> {
    const { name, openTimeoutMs, onError } = this.#options;
    let opened: CacheDatabase | undefined;
    /** Why the upgrade was aborted: more telling than the open request's AbortError. */
    let migrationError: unknown;
    // Set below; the callbacks that use it only run after the open succeeded.
    let result: Promise<CacheDatabase> | undefined;
    const stepAside = () => {
      if (result && opened) this.#forget(result, opened);
    };
    // The database was deleted: another tab's deleteDatabase, a tool, or the browser clearing the
    // origin's storage ("clear site data", eviction). Memory copies must go at once, not at the
    // next write: report it now; the next use recreates the schema (decision 0026).
    const deleted = () => {
      stepAside();
      this.#reportLoss();
    };
    // Closed by the browser (Chromium does so when it clears the origin's IndexedDB): reopen now,
    // and the upgrade tells whether the database is still there. Chromium may fail an open made
    // at once after it deleted the database's Storage Bucket ("UnknownError: Internal error",
    // seen in storage-bucket.test.ts): tried once more shortly after, or the loss would be
    // reported only at the next use (not after the store was closed meanwhile).
    const closedByBrowser = () => {
      stepAside();
      const closes = this.#closes;
      this.database().catch(() =>
        setTimeout(() => closes === this.#closes && this.database().catch(() => {}), 100),
      );
    };
    // Another tab wants to upgrade (step aside, reopen on next use) or delete the database.
    const blocking = (_current: number, next: number | null) =>
      next === null ? deleted() : stepAside();
    const opening = (async () => {
      // Opened as the cached fetch was created (./open-early), at this schema's version: taken
      // as it is, with the handlers openDB would have added.
      // A bucket's database is never opened early: ./open-early opens the default storage only.
      const early = await takeEarly(name);
      const factory = this.#options.factory;
      if (!factory && early?.version === SCHEMA_VERSION) {
        early.onversionchange = null;
        early.addEventListener('versionchange', (event) =>
          blocking(event.oldVersion, event.newVersion),
        );
        early.addEventListener('close', closedByBrowser);
        return wrap(early) as CacheDatabase;
      }
      early?.close();
      // The early open found it older: the migrations are needed, loaded first. (It says nothing
      // of a bucket's database.)
      if (!migration && early && !factory && early.version < SCHEMA_VERSION) await loadMigration();
      /** The upgrade asked for migrations not loaded yet: aborted, to be made again with them. */
      let needsMigration = false;
      const openAtVersion = async () =>
        openIn<CacheDB>(await (factory?.() ?? indexedDB), name, SCHEMA_VERSION, {
          upgrade: (db, oldVersion, _newVersion, transaction) => {
            // The open request reports an aborted upgrade; this promise need not.
            transaction.done.catch(() => {});
            // Created afresh after this store had it open: it was deleted in between.
            if (oldVersion === 0 && this.#everOpened) this.#reportLoss();
            const abort = (error: unknown) => {
              migrationError = error;
              try {
                transaction.abort();
              } catch {
                // Already aborted: the open rejects either way.
              }
            };
            // A new database: laid out here, no migration chunk (a first visit's round trip).
            if (oldVersion === 0) {
              try {
                createSchema(db as AnyVersionDB).catch(abort);
              } catch (error) {
                abort(error);
              }
              return;
            }
            if (!migration) {
              needsMigration = true;
              transaction.abort();
              return;
            }
            // The migration may only await IndexedDB; if it fails, abort so old data stays intact.
            const anyVersion = transaction as unknown as UpgradeTransaction;
            migration.upgradeSchema(db as AnyVersionDB, oldVersion, anyVersion).catch(abort);
          },
          blocked: (currentVersion) => {
            // Another tab holds an older version open and has not closed it yet. The request stays
            // pending and proceeds by itself once that tab closes, within the open timeout.
            const error = new Error(
              `IndexedDB "${name}" upgrade to version ${SCHEMA_VERSION} is blocked by a connection at version ${currentVersion}`,
            );
            notify(onError, error, { operation: 'open', recovery: 'retry' });
          },
          blocking,
          terminated: closedByBrowser,
        });
      try {
        return await openAtVersion();
      } catch (error) {
        if (!needsMigration) throw error;
        await loadMigration();
        return openAtVersion();
      }
    })().then((db) => {
      opened = db;
      this.#everOpened = true;
      this.#lossReported = false;
      return db;
    });

    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new StoreOpenError(`IndexedDB "${name}" did not open within ${openTimeoutMs} ms`));
      }, openTimeoutMs);
    });

    result = Promise.race([opening.then(ensureObjectStores), timeout])
      .catch((cause: unknown) => {
        // An open we gave up on may still succeed later: nobody would ever close that connection.
        opening.then((db) => db.close()).catch(() => {});
        if (cause instanceof StoreOpenError) throw cause;
        const reason = migrationError ?? cause;
        throw new StoreOpenError(`IndexedDB "${name}" could not be opened: ${String(reason)}`, {
          cause: reason,
        });
      })
      .finally(() => clearTimeout(timer));
    return result;
  }
}

interface OpenCallbacks<DB> {
  upgrade(
    db: IDBPDatabase<DB>,
    oldVersion: number,
    newVersion: number | null,
    tx: IDBPTransaction<DB, StoreNames<DB>[], 'versionchange'>,
  ): void;
  blocked(currentVersion: number): void;
  blocking(currentVersion: number, next: number | null): void;
  terminated(): void;
}

/** idb's `openDB`, in a given factory (the global `indexedDB` or a Storage Bucket's). */
function openIn<DB>(
  factory: IDBFactory,
  name: string,
  version: number,
  { upgrade, blocked, blocking, terminated }: OpenCallbacks<DB>,
): Promise<IDBPDatabase<DB>> {
  const request = factory.open(name, version);
  request.onupgradeneeded = (event) =>
    upgrade(
      wrap(request.result) as IDBPDatabase<DB>,
      event.oldVersion,
      event.newVersion,
      wrap(request.transaction!) as unknown as IDBPTransaction<
        DB,
        StoreNames<DB>[],
        'versionchange'
      >,
    );
  request.onblocked = (event) => blocked(event.oldVersion);
  const opened = wrap(request) as Promise<IDBPDatabase<DB>>;
  opened
    .then((db) => {
      db.addEventListener('close', terminated);
      db.addEventListener('versionchange', (event) => blocking(event.oldVersion, event.newVersion));
    })
    .catch(() => {});
  return opened;
}

/** Safari has been seen to open a database whose object stores are missing: refuse it. */
function ensureObjectStores(db: CacheDatabase): CacheDatabase {
  const names = db.objectStoreNames;
  if (names.contains('records') && names.contains('meta')) return db;
  db.close();
  throw new StoreOpenError(`IndexedDB "${db.name}" is missing its object stores`);
}
