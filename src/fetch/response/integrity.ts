// Subresource Integrity on the responses the cache serves (W3C SRI §3.3.5, Fetch "main fetch"):
// the whole body is read and hashed before the caller gets the response, as fetch does; a
// mismatch is fetch's network error, a TypeError, and nothing is served. Loaded only by requests
// that carry `integrity` (../route).
import { integrityRequirement, normaliseDigest } from '../../policy/integrity-metadata';

/** Whether `bytes` match the integrity metadata, as fetch decides it. */
export async function matchesIntegrity(bytes: ArrayBuffer, metadata: string): Promise<boolean> {
  const required = integrityRequirement(metadata);
  if (required === undefined) return true;
  const digest = new Uint8Array(await crypto.subtle.digest(required.algorithm, bytes));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return required.digests.includes(normaliseDigest(btoa(binary)));
}

/**
 * `response` once its body is known to match `metadata`; else its body is cancelled and the
 * promise rejects with a TypeError, as fetch's does. A HEAD response (no body) is checked as empty,
 * as fetch checks it.
 */
export async function withIntegrity(response: Response, metadata: string): Promise<Response> {
  const bytes = await response.clone().arrayBuffer();
  if (await matchesIntegrity(bytes, metadata)) return response;
  void response.body?.cancel().catch(() => {});
  throw new TypeError(
    `Failed to fetch: the response to ${response.url || 'the request'} does not match its integrity metadata`,
  );
}
