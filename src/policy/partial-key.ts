// How the secondary key of stored partial content (RFC 9111 §3.3) is told from a complete
// response's: a prefix. Apart from ./partial-content so that listings (cache.entries()) can read
// keys without loading the Range code.

export const partialPrefix = 'partial:';

/**
 * The secondary key of a complete response with the same Vary values as this key: the key itself,
 * or a partial content's key without its prefix (for listings, which decode the Vary values).
 */
export function completeSecondaryKey(key: string): string {
  return key.startsWith(partialPrefix) ? key.slice(partialPrefix.length) : key;
}
