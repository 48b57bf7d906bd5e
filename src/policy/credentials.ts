// Credentials in the cache (decision 0018): which request header fields carry them, whether a
// stored response may be reused for a request's credentials, and which Vary a request can never
// match because the browser adds the field it names where scripts cannot see it.
import { headerValue } from './headers';
import type { HeaderList, RequestSnapshot, StoredResponse } from './snapshot';

/**
 * Request fields always treated as secret: their values are kept only as keyed hashes, and a
 * stored response is reused without the origin only for the same ones (decision 0018).
 */
export const CREDENTIAL_FIELDS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
];

/**
 * Fields the browser adds by itself when a script did not (HTTP auth it negotiated, cookies): a
 * `Vary` naming one cannot be matched for a request whose script-visible headers lack it.
 */
const ADDED_BY_BROWSER = new Set(CREDENTIAL_FIELDS);

/**
 * True when a response varying on these (lower-cased) names can never be matched for `headers`:
 * `Vary: Cookie` always (scripts never see Cookie, decision 0003), `Vary: Authorization` or
 * `Proxy-Authorization` when the request shows none (HTTP Basic: the browser adds it; after a
 * restart the next user's "absent" would equal the last one's, RFC 9111 §4.1 cannot be applied).
 */
export function varyUnmatchable(names: readonly string[], headers: HeaderList): boolean {
  return names.some(
    (name) =>
      ADDED_BY_BROWSER.has(name) && (name === 'cookie' || headerValue(headers, name) === null),
  );
}

/** Whether the request has a field named secret (lower-cased `names`) at all. */
export function carriesSecret(headers: HeaderList, names: ReadonlySet<string>): boolean {
  return headers.some(([name]) => names.has(name));
}

/**
 * RFC 9111 §3.5 lets a private cache reuse a response to an authenticated request for anyone;
 * we do not (decision 0018): without the origin, only for a request with the same credentials
 * (`credentials`: the keyed hashes of its credential fields, '' for none). A stored response
 * without the field was fetched without credentials; one migrated from before (`'?'`) matches none.
 */
export function sameCredentials(stored: StoredResponse, request: RequestSnapshot): boolean {
  return (stored.credentials ?? '') === (request.credentials ?? '');
}
