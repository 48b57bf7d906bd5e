// Issue 22: where Background Sync exists, a queued write asks for the sync the Service Worker
// recipe flushes on: from the worker's own registration, or from a page that a worker controls.
// (test/node/workers.test.ts runs it in Chromium, up to the sync event replaying the write.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OUTBOX_SYNC_TAG, requestBackgroundSync } from '../../../src/fetch/outbox/background-sync';

afterEach(() => {
  vi.unstubAllGlobals();
});

function syncManager() {
  return { register: vi.fn(async (_tag: string) => {}) };
}

describe('requestBackgroundSync', () => {
  it("registers 'cached-fetch-outbox' on a Service Worker's own registration", async () => {
    const sync = syncManager();
    vi.stubGlobal('registration', { sync });
    requestBackgroundSync();
    await vi.waitFor(() => expect(sync.register).toHaveBeenCalledWith('cached-fetch-outbox'));
    expect(OUTBOX_SYNC_TAG).toBe('cached-fetch-outbox');
  });

  it('registers it on the registration of the worker that controls the page', async () => {
    const sync = syncManager();
    vi.stubGlobal('navigator', {
      serviceWorker: { controller: {}, ready: Promise.resolve({ sync }) },
    });
    requestBackgroundSync();
    await vi.waitFor(() => expect(sync.register).toHaveBeenCalledWith('cached-fetch-outbox'));
  });

  it('asks nothing of a page no worker controls (`ready` would never settle)', async () => {
    const ready = vi.fn();
    vi.stubGlobal('navigator', {
      serviceWorker: {
        controller: null,
        get ready() {
          ready();
          return new Promise(() => {});
        },
      },
    });
    requestBackgroundSync();
    expect(ready).not.toHaveBeenCalled();
  });

  it('a refusal (no permission, no Background Sync) is not an error for the write', async () => {
    const register = vi.fn(async () => {
      throw new DOMException('denied', 'NotAllowedError');
    });
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    vi.stubGlobal('registration', { sync: { register } });
    expect(() => requestBackgroundSync()).not.toThrow();
    await vi.waitFor(() => expect(register).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 0));
    process.off('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
    // An element named "registration" in a page (named access) is not a worker's registration.
    vi.stubGlobal('registration', {});
    expect(() => requestBackgroundSync()).not.toThrow();
  });
});
