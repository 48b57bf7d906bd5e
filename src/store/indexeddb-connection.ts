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
    // and the upgrade tells whether the database is still there. (An open made this early may
    // fail: it is made again, see `openRetried`; a close() meanwhile waits for it and closes it.)
    const closedByBrowser = () => {
      stepAside();
      this.database().catch(() => {});
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
        // An open that fails is made again (see `openRetried`); not one that found a migration
        // to load, nor a database newer than this code, nor storage the browser refuses
        // (SecurityError: blocked storage, an opaque origin), which a moment does not change: each
        // retry held the first request (2 s in all) before it fell back to memory.
        return await openRetried(
          openAtVersion,
          RETRY_MS,
          (error) => !needsMigration && !/^(Version|Security)Error$/.test((error as Error)?.name),
        );
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

/** When an open that failed is made again: 250 ms later, then 500 and 1,000 ms after that. */
const RETRY_MS = [250, 500, 1000];

/**
 * `open`, made again on the schedule of `delays` while it fails (in a bucket, the bucket asked for
 * anew each time). Why: when the browser deletes the database under an open connection
 * (Chromium's "clear site data" and `Storage.clearDataForOrigin`, a Storage Bucket deleted or
 * evicted), it fires the connection's `close` before the deletion is done, and the reopen made at
 * once to see whether the database is still there fails ("UnknownError: Internal error", seen in
 * 3 runs of 10 for a bucket, 1 in 6 for the origin's IndexedDB): the loss went unreported (and a
 * request waiting on that open fell back to memory for the session). One made a moment later
 * creates the database anew, which is how the loss is found and reported (`wiped`). An error
 * `retried` refuses (a migration to load first) is thrown at once. An open that has not answered
 * is not made again: it may be blocked by another tab, and proceeds by itself (the open timeout
 * bounds the wait).
 */
async function openRetried(
  open: () => Promise<CacheDatabase>,
  delays: readonly number[],
  retried: (error: unknown) => boolean,
): Promise<CacheDatabase> {
  for (let made = 0; ; made++) {
    try {
      return await open();
    } catch (error) {
      const delay = delays[made];
      if (delay === undefined || !retried(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
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
