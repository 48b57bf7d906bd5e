// Which header fields a cache keeps: everything but the hop-by-hop fields (RFC 9111 §3.1) and the
// cookies set for one visitor.
import { headerValue, splitList } from './headers';
import type { HeaderList } from './snapshot';

// RFC 9110 §7.6.1: connection-specific fields, meaningful only to the immediate connection.
const alwaysHopByHop = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'transfer-encoding',
  'upgrade',
];

/** The lower-cased names of the hop-by-hop fields of a message: the fixed ones and every field its Connection lists. */
export function hopByHopNames(headers: HeaderList): Set<string> {
  const names = new Set(alwaysHopByHop);
  // RFC 9111 §3.1: also drop every field that the Connection header field lists.
  for (const option of splitList(headerValue(headers, 'connection'))) {
    names.add(option.toLowerCase());
  }
  return names;
}

// RFC 6265 §3 (Set-Cookie), RFC 2965 (Set-Cookie2): state for the one client that made the
// request. Browsers never expose them to scripts, but Node's fetch does: stored, they would be
// replayed on every hit, handing one visitor's session to the next (an SSR or BFF layer that
// forwards upstream cookies). RFC 9111 §3.1 lets a cache store them; this one never does.
const perClientFields = ['set-cookie', 'set-cookie2'];

/**
 * The lower-cased names of the fields of a message that are never stored, nor merged into a stored
 * response by a 304 (RFC 9111 §4.3.4): the hop-by-hop ones and the per-client cookies.
 */
export function unstoredNames(headers: HeaderList): Set<string> {
  const names = hopByHopNames(headers);
  for (const name of perClientFields) names.add(name);
  return names;
}

/** The header fields to store: every field but the unstored ones, exactly as received, in order. */
export function storedHeaders(headers: HeaderList): HeaderList {
  const dropped = unstoredNames(headers);
  return headers
    .filter(([name]) => !dropped.has(name.toLowerCase()))
    .map(([name, value]): [string, string] => [name, value]);
}
