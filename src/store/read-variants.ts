// A hit's read, through the store's one-transaction fast path when it has one.
import type { CacheEntry, CacheStore, EquivalentsQuery, LookupResult } from './cache-store';

/**
 * The variants of `key` and the body of the one `choose` picks, in one read where the store can
 * (with `equivalents`' candidates when the store reads them there).
 */
export async function lookupEntry(
  store: CacheStore,
  key: string,
  choose: (variants: CacheEntry[]) => CacheEntry | undefined,
  equivalents?: EquivalentsQuery,
): Promise<LookupResult> {
  return store.lookup
    ? store.lookup(key, choose, equivalents)
    : lookupInTwoReads(store, key, choose);
}

/** The lookup of a store without a one-read path: its variants, then the chosen body. */
export async function lookupInTwoReads(
  store: CacheStore,
  key: string,
  choose: (variants: CacheEntry[]) => CacheEntry | undefined,
): Promise<LookupResult> {
  const variants = await store.getVariants(key);
  const chosen = choose(variants);
  const body = chosen ? await store.getBody(chosen.id) : undefined;
  return { variants, chosen, body };
}
