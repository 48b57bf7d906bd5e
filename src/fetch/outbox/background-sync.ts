// Background Sync (WICG, Chromium only): once a write is queued, ask the browser for the sync
// `cached-fetch-outbox`. It fires that event in the Service Worker when the device is online,
// even with no page of the site open, and retries it when the handler's promise rejects. The
// Service Worker recipe's `sync` handler calls `cache.outbox.flush()` under `event.waitUntil`.

/** The sync tag the outbox registers; a Service Worker's `sync` handler flushes on it. */
export const OUTBOX_SYNC_TAG = 'cached-fetch-outbox';

interface SyncManagerLike {
  register(tag: string): Promise<void>;
}
interface RegistrationLike {
  sync?: SyncManagerLike;
}
interface SyncScope {
  /** A Service Worker's own registration. */
  registration?: RegistrationLike;
  navigator?: {
    serviceWorker?: { controller: unknown; ready: Promise<RegistrationLike> };
  };
}

/**
 * Registers the sync from a Service Worker (its own registration), or from a page (or worker)
 * that a Service Worker controls: that worker's outbox, on the same database, replays on it.
 * Elsewhere, or where Background Sync does not exist (Firefox, Safari), nothing: the other
 * triggers remain. A refusal (permission, no active worker) is ignored for the same reason.
 */
export function requestBackgroundSync(): void {
  const scope = globalThis as SyncScope;
  // Only a Service Worker's: in a page, `registration` may be an element's id (named access).
  const own = scope.registration?.sync ? scope.registration : undefined;
  const container = scope.navigator?.serviceWorker;
  // `ready` never settles without a registration: asked for only under a controlling worker.
  const registration = own ? Promise.resolve(own) : container?.controller ? container.ready : null;
  registration?.then((found) => found.sync?.register(OUTBOX_SYNC_TAG)).catch(() => {});
}
