// A response from the network becomes an Outcome: streamed to the callers at once, and stored once
// its body has arrived completely, if the rules allow storing it (RFC 9111 §3).
import { headerValue } from '../../policy/headers';
import type { StoredResponse } from '../../policy/snapshot';
import { storability } from '../../policy/storability';
import { toStoredResponse } from '../../policy/stored-response';
import { secondaryKey } from '../../policy/vary';
import type { CacheableRequest, Engine } from '../context/engine';
import { lazyModule } from '../coordination/lazy-module';
import { isCrossOrigin } from '../network/cross-origin';
import { expectedBodyLength } from '../network/expected-length';
import type { NetworkResult } from '../network/network';
import { BodyBroadcast, concat } from '../response/body-broadcast';
import type { ForwardedAction } from '../response/cache-action';
import type { BodyCopy } from '../response/kept-copy';
import type { Outcome } from '../response/outcome';
import { forgetIfRefused } from './forget-refused';
import { applyHeuristicFreshness } from './heuristic';
import { entryFor, storeWhenComplete, writeEntry } from './store-entry';

export interface AdmitHooks {
  /** Awaited before the write, while the response it replaces is still stored. */
  beforeStore?: (stored: StoredResponse, body: ArrayBuffer) => Promise<void>;
  /** Called after the response was written. */
  onStored?: () => void;
}

/** What storing a network response to `cacheable` keeps (RFC 9111 §3), as fetch gave it. */
export function storedFromNetwork(
  cacheable: CacheableRequest,
  network: NetworkResult,
): StoredResponse {
  const { response } = network;
  return {
    ...toStoredResponse({
      request: cacheable.snapshot,
      response: network.snapshot,
      statusText: response.statusText,
      url: response.url || cacheable.request.url,
      redirected: response.redirected,
      // A cross-origin response whose server does not expose Vary may still vary (docs/pitfalls.md #3).
      varyReadable: !(response.type === 'cors' && !response.headers.has('vary')),
    }),
    type: response.type,
  };
}

export function admit(
  engine: Engine,
  cacheable: CacheableRequest,
  network: NetworkResult,
  action: ForwardedAction,
  /** Stops the network request (every reader went away before the body ended). */
  abort: () => void,
  hooks: AdmitHooks = {},
): Outcome {
  const { response } = network;
  const answered = { ...action, fwdStatus: response.status };
  const stored = admissible(engine, cacheable, network, action);
  if (!stored) return { kind: 'direct', response, action: answered, taken: false };

  // RFC 9110 §15.3.5: a 204 has no content, so there is nothing to wait for before storing it
  // (and the caller, who gets a null body, may ask again at once).
  const source = response.status === 204 ? null : response.body;
  if (source === null) void response.body?.cancel().catch(() => {});
  const broadcast = new BodyBroadcast(source, {
    expectedLength: expectedBodyLength(response.headers),
    maxBytes: engine.options.maxEntryBytes,
    onAbandoned: abort,
  });
  storeWhenComplete(engine, cacheable, broadcast, (body) =>
    store(engine, cacheable, stored, body, hooks),
  );
  return {
    kind: 'stream',
    response,
    broadcast,
    action: { ...answered, stored: true },
    stored,
  };
}

/**
 * A first visit's response, answered before this chunk had loaded, with its whole body kept
 * (../response/kept-copy; null: not whole, never stored): admitted as `admit` would have, what
 * it refused forgotten either way (decision 0019). Never rejects.
 */
export async function storeWhole(
  engine: Engine,
  cacheable: CacheableRequest,
  network: NetworkResult,
  action: ForwardedAction,
  copy: BodyCopy | null,
): Promise<void> {
  const stored = admissible(engine, cacheable, network, action);
  const { response } = network;
  // RFC 9110 §15.3.5: a 204's content is none, whatever came; a HEAD's and a 204's Content-Length
  // announce what they do not carry.
  if (response.status === 204 || response.body === null) {
    if (stored) await store(engine, cacheable, stored, new ArrayBuffer(0), {});
    return;
  }
  if (!stored || !copy) return;
  const bytes = concat(copy);
  // As BodyBroadcast: a body of another length than its Content-Length is cut or corrupt.
  const expected = expectedBodyLength(response.headers);
  if (expected === undefined || expected === bytes.byteLength) {
    await store(engine, cacheable, stored, bytes, {});
  }
}

/**
 * What storing the response keeps, or undefined where RFC 9111 §3 does not allow it (or its
 * declared length is past `maxEntryBytes`). The origin refusing what is stored for this URL
 * (decision 0019) removes that here.
 */
function admissible(
  engine: Engine,
  cacheable: CacheableRequest,
  network: NetworkResult,
  action: ForwardedAction,
): StoredResponse | undefined {
  const { response, snapshot } = network;
  const verdict = storability(cacheable.snapshot, snapshot, response.type);
  const expectedLength = expectedBodyLength(response.headers);
  forgetIfRefused(engine, cacheable, action, response.status, verdict);
  if (!verdict.storable || (expectedLength ?? 0) > engine.options.maxEntryBytes) return undefined;
  warnAboutHiddenHeaders(engine, cacheable.request.url, response);
  return applyHeuristicFreshness(engine, storedFromNetwork(cacheable, network));
}

/**
 * RFC 9875's groups, parsed as the response is written: the structured-fields parser (1 KB
 * gzipped) loads only for a response that names groups, after its data (decision 0027, "Tenth
 * pass"), with the revalidate chunk, which holds it for invalidations.
 */
const groupsParser = lazyModule(() => import('../../policy/cache-groups'));

/** Writes a complete body (./store-entry), the hooks around it. */
async function store(
  engine: Engine,
  cacheable: CacheableRequest,
  parsed: StoredResponse,
  body: ArrayBuffer,
  hooks: AdmitHooks,
): Promise<void> {
  let stored = parsed;
  if (headerValue(parsed.headers, 'cache-groups') !== null) {
    try {
      const { withGroups } = await groupsParser.load();
      stored = { ...parsed, ...withGroups(parsed.headers) };
    } catch (error) {
      // Not stored without its groups: an invalidation of a group would then miss it.
      engine.events.emit('error', { error, operation: 'put', url: parsed.url });
      return;
    }
  }
  const secondary = secondaryKey(stored.vary, cacheable.snapshot.headers);
  const entry = entryFor(cacheable, stored, secondary, body.byteLength);
  await hooks.beforeStore?.(stored, body).catch((error: unknown) => {
    engine.events.emit('error', { error, operation: 'beforeStore', url: stored.url });
  });
  if (await writeEntry(engine, cacheable, entry, body)) hooks.onStored?.();
}

/**
 * A cross-origin response shows only safelisted headers unless the server exposes more; without
 * Date, ETag and Vary the cache works, but less well. Say so once per origin (docs/pitfalls.md #3).
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
