// Builds the Responses we hand back: from storage (with Age), or a network response re-headed with
// Cache-Status. Either way it looks like what fetch returns: url, redirected and type are kept.
import type { StoredResponse } from '../../policy/snapshot';
import type { StoredBody } from '../../store/cache-store';
import { copyHeaders } from '../network/snapshots';
import { abortReason, followAbort } from './abort';

/** Statuses whose Response must have a null body (Fetch "null body status"). */
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

interface Identity {
  url: string;
  redirected: boolean;
  type: ResponseType;
  /** The caller's signal, when it can abort (see `readersFollowingAbort`). */
  signal?: AbortSignal | null;
}

/** What fetch would have given each Response we built (read by the getters below). */
const identities = new WeakMap<Response, Identity>();

/**
 * `new Response()` has url '' and redirected false; a drop-in must give back what fetch gave.
 * Own getters shadow the prototype's (a Response subclass would not: happy-dom's Response keeps
 * url and type as own fields), and clone() keeps them. The descriptors are shared, so a hit
 * allocates no getters of its own.
 */
const identityGetters: PropertyDescriptorMap = {
  clone: { value: cloneServed, configurable: true, writable: true },
};
for (const name of ['url', 'redirected', 'type'] as const) {
  identityGetters[name] = {
    get(this: Response) {
      return identities.get(this)![name];
    },
    configurable: true,
  };
}

/**
 * Fetch: once the caller's signal aborts, reading the body rejects with the abort reason.
 * - A stored body is all in memory, so no stream is built for it (that cost a hit with a signal
 *   15%, decision 0017): these readers reject once the signal has aborted. A reader the caller
 *   takes from `body` still gets the bytes.
 * - A network body stream errored that way (./abort's followAbort) is read as a TypeError by
 *   Chromium's and WebKit's `text()`, `arrayBuffer()` and the like: these give the reason.
 */
let abortAwareReaders: PropertyDescriptorMap | undefined;

function readersFollowingAbort(): PropertyDescriptorMap {
  const readers: PropertyDescriptorMap = {};
  for (const name of ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'] as const) {
    const read = Response.prototype[name] as ((this: Response) => Promise<unknown>) | undefined;
    if (!read) continue; // bytes() is recent
    readers[name] = {
      value(this: Response) {
        // Only a Response with a body and a caller's signal has these (withIdentity, build).
        const signal = identities.get(this)!.signal!;
        if (signal.aborted) return Promise.reject(abortReason(signal));
        return read.call(this).catch((error: unknown) => {
          throw signal.aborted ? abortReason(signal) : error;
        });
      },
      configurable: true,
      writable: true, // as a method on the prototype: a caller may wrap it
    };
  }
  return readers;
}

function cloneServed(this: Response): Response {
  return withIdentity(Response.prototype.clone.call(this), identities.get(this)!);
}

function withIdentity(response: Response, identity: Identity): Response {
  identities.set(response, identity);
  if (identity.signal) {
    abortAwareReaders ??= readersFollowingAbort();
    Object.defineProperties(response, abortAwareReaders);
  }
  return Object.defineProperties(response, identityGetters);
}

/**
 * A response served from storage, with `Age` (RFC 9111 §5.1) and optional Cache-Status. Each extra
 * header replaces the stored one, except Cache-Status: RFC 9211 §2, each cache adds its member to
 * the list, the cache closest to the user last, so ours follows what caches on the way said.
 */
export function responseFromStore(
  stored: StoredResponse,
  body: StoredBody | null,
  extraHeaders: ReadonlyArray<[string, string]>,
  signal: AbortSignal | null = null,
): Response {
  // A list of pairs, not a Headers: Response copies its init into its own Headers either way.
  const headers: Array<[string, string]> = [];
  for (const field of stored.headers) {
    const name = field[0];
    if (name === 'cache-status' || !extraHeaders.some((extra) => extra[0] === name)) {
      headers.push(field as [string, string]);
    }
  }
  for (const field of extraHeaders) headers.push(field);
  const { status, statusText, url, redirected, type = 'basic' } = stored;
  return build(status, statusText, { url, redirected, type, signal }, headers, body);
}

/**
 * The network's response with our Cache-Status member appended (RFC 9211 §2: after the members of
 * caches closer to the origin). Fetch responses have immutable headers, so the
 * response is rebuilt around the same body stream: for a caller with `signal`, one that follows
 * its abort, unless `body` is given (a stream that already does, or bytes in memory). Opaque responses are returned
 * untouched (status 0 cannot be constructed, and their headers are not ours to show).
 */
export function withCacheStatus(
  response: Response,
  cacheStatus: string | undefined,
  signal: AbortSignal | null = null,
  body?: ReadableStream<Uint8Array> | Blob | null,
): Response {
  if (cacheStatus === undefined && signal === null && body === undefined) return response;
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status < 200) {
    return response;
  }
  const headers = copyHeaders(response.headers);
  if (cacheStatus !== undefined) headers.append('cache-status', cacheStatus);
  const { status, statusText, url, redirected, type } = response;
  const served = body === undefined ? followAbort(response.body, signal) : body;
  return build(status, statusText, { url, redirected, type, signal }, headers, served);
}

function build(
  status: number,
  statusText: string,
  identity: Identity,
  headers: HeadersInit,
  body: BodyInit | null,
): Response {
  const kept = nullBodyStatuses.has(status) ? null : body;
  // Fetch errors only a body there is: a null one (HEAD, 204, 304) reads as empty after an abort.
  if (kept === null) identity.signal = null;
  const response = new Response(kept, { status, statusText, headers });
  return withIdentity(response, identity);
}
