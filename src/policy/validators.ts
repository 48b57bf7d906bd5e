// Entity-tags and their comparison (RFC 9110 §8.8.3).
/** A parsed entity-tag: `opaque` keeps its quotes. */
export interface EntityTag {
  weak: boolean;
  opaque: string;
}

/**
 * One entity-tag (RFC 9110 §8.8.3), or null when the value is not one (absent, empty, a list).
 * Lenient with an unquoted opaque-tag, which some servers send: it compares as written.
 */
export function parseEntityTag(value: string | null): EntityTag | null {
  if (value === null) return null;
  const text = value.trim();
  const weak = text.startsWith('W/');
  const opaque = weak ? text.slice(2) : text;
  // RFC 9110 §8.8.3: opaque-tag = DQUOTE *etagc DQUOTE.
  const quoted = /^"[^"]*"$/.test(opaque);
  const bare = /^[^\s",]+$/.test(opaque);
  return quoted || bare ? { weak, opaque } : null;
}

/** RFC 9110 §8.8.3.2 strong comparison: both strong, same opaque-tag. */
export function strongMatch(a: EntityTag | null, b: EntityTag | null): boolean {
  return a !== null && b !== null && !a.weak && !b.weak && a.opaque === b.opaque;
}

/** RFC 9110 §8.8.3.2 weak comparison: same opaque-tag, weak or not. */
export function weakMatch(a: EntityTag | null, b: EntityTag | null): boolean {
  return a !== null && b !== null && a.opaque === b.opaque;
}
