// Which header fields a cache keeps: everything but the hop-by-hop fields (RFC 9111 §3.1).
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

/** The header fields to store: every field but the hop-by-hop ones, exactly as received, in order. */
export function storedHeaders(headers: HeaderList): HeaderList {
  const dropped = hopByHopNames(headers);
  return headers
    .filter(([name]) => !dropped.has(name.toLowerCase()))
    .map(([name, value]): [string, string] => [name, value]);
}
