// A response from the network becomes an Outcome: streamed to the callers at once, and stored once
// its body has arrived completely, if the rules allow storing it (RFC 9111 §3).
import type { CacheStatusParams } from '../policy/cache-status';
import type { StoredResponse } from '../policy/snapshot';
import { storability } from '../policy/storability';
import { toStoredResponse } from '../policy/stored-response';
import { secondaryKey } from '../policy/vary';
import { BodyBroadcast } from './body-broadcast';
import { isCrossOrigin } from './cross-origin';
import type { Engine, Lookup } from './engine';
import { expectedBodyLength, type NetworkResult } from './network';
import type { Outcome } from './outcome';

export interface AdmitHooks {
  /** Stop the network request (every caller went away before the body ended). */
  abort: () => void;
  /** Called once the body settled and storing is over (or was not attempted). */
  release: () => void;
  /** Awaited before the write, while the response it replaces is still stored. */
  beforeStore?: (stored: StoredResponse, body: ArrayBuffer) => Promise<void>;
  /** Called after the response was written. */
  onStored?: () => void;
}

function newId(): string {
  return (
    globalThis.crypto?.randomUUID?.() ??
    `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  );
}

export function admit(
  engine: Engine,
  lookup: Lookup,
  network: NetworkResult,
  status: CacheStatusParams,
  hooks: AdmitHooks,
): Outcome {
  const { response, snapshot } = network;
  const fwdStatus = { ...status, fwdStatus: response.status };
  const verdict = storability(lookup.snapshot, snapshot, response.type);
  const expectedLength = expectedBodyLength(response.headers);
  const maxEntryBytes = engine.options.maxEntryBytes;
  if (!verdict.storable || (expectedLength ?? 0) > maxEntryBytes) {
    hooks.release();
    return { kind: 'direct', response, status: fwdStatus, taken: false };
  }

  const varyReadable = !(response.type === 'cors' && !response.headers.has('vary'));
  const stored: StoredResponse = {
    ...toStoredResponse({
      request: lookup.snapshot,
      response: snapshot,
      statusText: response.statusText,
      url: response.url || lookup.request.url,
      redirected: response.redirected,
      varyReadable,
    }),
    type: response.type,
  };
  if (response.redirected) {
    // fetch followed a redirect we never saw: its freshness is unknown, so this response is only
    // reused after validation (its validators ride the redirect to the final URL, whose 304
    // still saves the body). docs/decisions/0006-redirects.md
    stored.freshness = { ...stored.freshness, noCache: true, staleWhileRevalidateMs: 0 };
  }
  warnAboutHiddenHeaders(engine, lookup.request.url, response);

  const broadcast = new BodyBroadcast(response.body, {
    expectedLength,
    maxBytes: maxEntryBytes,
    onAbandoned: hooks.abort,
  });
  void broadcast.complete.then(async (body) => {
    try {
      if (body === null) return;
      const entry = {
        id: newId(),
        key: lookup.key,
        secondaryKey: secondaryKeyOf(stored, lookup),
        partition: lookup.partition,
        lastUsed: snapshot.responseTime,
        bodySize: body.byteLength,
        response: stored,
      };
      await hooks.beforeStore?.(stored, body).catch((error: unknown) => {
        engine.events.emit('error', { error, operation: 'beforeStore', url: stored.url });
      });
      if (await engine.storage.write(entry, body)) {
        engine.events.emit('stored', { url: stored.url, bytes: body.byteLength });
        hooks.onStored?.();
      }
    } finally {
      hooks.release();
    }
  });
  return {
    kind: 'stream',
    response,
    broadcast,
    status: { ...fwdStatus, stored: true },
    stored,
  };
}

function secondaryKeyOf(stored: StoredResponse, lookup: Lookup): string {
  return secondaryKey(stored.vary, lookup.snapshot.headers);
}

/**
 * A cross-origin response shows only safelisted headers unless the server exposes more; without
 * Date, ETag and Vary the cache works, but less well. Say so once per origin (pitfall 3).
 */
function warnAboutHiddenHeaders(engine: Engine, url: string, response: Response): void {
  if (!engine.options.warnings || response.type !== 'cors' || !isCrossOrigin(url)) return;
  if (
    response.headers.has('date') &&
    (response.headers.has('etag') || response.headers.has('last-modified'))
  )
    return;
  const origin = new URL(url).origin;
  if (engine.warnedOrigins.has(origin)) return;
  engine.warnedOrigins.add(origin);
  console.warn(
    `cached-fetch: responses from ${origin} hide Date/ETag/Vary from scripts, so they are cached ` +
      'conservatively. Have the server send "Access-Control-Expose-Headers: Date, ETag, Vary, Age".',
  );
}
