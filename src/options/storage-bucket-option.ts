// What the `storageBucket` option (and IndexedDBStore's `bucket`) may be. In the chunk of the
// checks the default instance never runs (rollup.config.js, `checks`): createCachedFetch's option
// checks and the stores use it; in the chunk both the entry and the stores load
// (./validate-options) it was in every page's first bytes (decision 0008).

/** What the `storageBucket` option (and IndexedDBStore's `bucket`) should be. */
export const STORAGE_BUCKET = 'a bucket name ([a-z0-9_-]) or { name, durability?, quota? }';

/**
 * True for a Storage Bucket name as browsers accept it (lowercase letters, digits, `_` and `-`,
 * not first; at most 64), or `{ name, durability?: 'strict' | 'relaxed', quota? }`.
 */
export function isStorageBucket(value: unknown): boolean {
  const {
    name,
    durability = 'strict',
    quota = 1,
    ...rest
  } = (typeof value === 'string' ? { name: value } : (value ?? 0)) as Record<string, unknown>;
  return (
    typeof name === 'string' &&
    /^[a-z\d][a-z\d_-]{0,63}$/.test(name) &&
    /^(strict|relaxed)$/.test(durability as string) &&
    Number.isSafeInteger(quota) &&
    (quota as number) > 0 &&
    !Object.keys(rest).length
  );
}
