// Entries, bodies and wrappers the store tests share; plain data, valid for every store.
import type { StoredResponse } from '../../src/policy/snapshot';
import type { CacheStore, NewCacheEntry, StoredBody } from '../../src/store/cache-store';

let counter = 0;

/** A unique name for a database (or anything else) used by one test. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export function storedResponse(overrides: Partial<StoredResponse> = {}): StoredResponse {
  return {
    status: 200,
    statusText: 'OK',
    headers: [
      ['content-type', 'text/plain'],
      ['etag', '"v1"'],
    ],
    requestTime: 1_000,
    responseTime: 1_010,
    url: 'https://example.test/a',
    redirected: false,
    freshness: {
      lifetimeMs: 60_000,
      heuristic: false,
      correctedInitialAgeMs: 0,
      noCache: false,
      mustRevalidate: false,
      immutable: false,
      staleWhileRevalidateMs: 0,
      staleIfErrorMs: 0,
      etag: '"v1"',
      lastModified: null,
    },
    vary: { kind: 'names', names: [] },
    ...overrides,
  };
}

/** An entry for `put`; ids are unique unless given. */
export function entry(overrides: Partial<NewCacheEntry> = {}): NewCacheEntry {
  counter += 1;
  return {
    id: `id-${counter}`,
    key: 'GET https://example.test/a',
    secondaryKey: '',
    partition: '',
    lastUsed: 1_000,
    bodySize: 0,
    response: storedResponse(),
    ...overrides,
  };
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing sequence can be replayed. */
export function random(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

export function bytes(text: string): ArrayBuffer {
  return new TextEncoder().encode(text).buffer as ArrayBuffer;
}

/** The text of a small body (stores keep small bodies as ArrayBuffers; a Blob fails the test). */
export function text(body: StoredBody | undefined): string | undefined {
  if (body instanceof Blob) throw new Error(`a ${body.size}-byte body came back as a Blob`);
  return body === undefined ? undefined : new TextDecoder().decode(body);
}

/** An ArrayBuffer that has been transferred away: every clone of it throws DataCloneError. */
export function detachedBody(): ArrayBuffer {
  const body = bytes('gone');
  structuredClone(body, { transfer: [body] });
  return body;
}

export function quotaError(): DOMException {
  return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
}

/**
 * `store`, except that its next `failures` puts reject with `error()` before reaching it.
 * `putAttempts` counts every put, failed or not.
 */
export function failingPuts(
  store: CacheStore,
  failures: number,
  error: () => unknown = quotaError,
): CacheStore & { putAttempts: number } {
  let remaining = failures;
  const wrapper = {
    putAttempts: 0,
    put: async (...args: Parameters<CacheStore['put']>) => {
      wrapper.putAttempts += 1;
      if (remaining > 0) {
        remaining -= 1;
        throw error();
      }
      return store.put(...args);
    },
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'put' || property === 'putAttempts') return wrapper[property];
      const value = Reflect.get(target, property, target);
      // Class stores keep state in private fields: call their methods on the real instance.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as CacheStore & { putAttempts: number };
}
