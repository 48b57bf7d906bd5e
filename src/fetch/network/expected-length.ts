// The body length a response announces, when it counts the bytes fetch gives us: admission and
// Range check what they read against it. Apart from ./network, which every miss runs: it is used
// only once the response is in, by code loaded with import() (decision 0008).
import { isIdentityCoding } from '../../policy/content-coding';

/** Content-Length when it describes the bytes we will read (no content coding), else undefined. */
export function expectedBodyLength(headers: Headers): number | undefined {
  if (!isIdentityCoding(headers.get('content-encoding'))) return undefined;
  const length = headers.get('content-length');
  if (length === null || !/^\d+$/.test(length.trim())) return undefined;
  return Number(length.trim());
}
