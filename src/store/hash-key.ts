// The random key of the hashes of credentials a store keeps (decision 0018).

/** A new random key for `CacheStore.hashKey`: 32 bytes. */
export function newHashKey(): ArrayBuffer {
  return globalThis.crypto.getRandomValues(new Uint8Array(32)).buffer;
}
