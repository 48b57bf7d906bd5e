// Content codings (RFC 9110 §8.4), as far as byte counts go: admission and Range ask before they
// trust Content-Length or byte positions. Apart from ./headers, which every request loads: this
// runs only once a response is in, in code loaded with import() (decision 0008).

/**
 * RFC 9110 §8.4: whether a Content-Encoding value means no content coding (absent, empty or
 * `identity`): only then do byte positions and Content-Length count the bytes fetch gives us.
 */
export function isIdentityCoding(contentEncoding: string | null): boolean {
  const coding = contentEncoding?.trim().toLowerCase();
  return !coding || coding === 'identity';
}
