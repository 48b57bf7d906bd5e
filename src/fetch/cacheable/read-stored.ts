// The first step of every cacheable request: read the stored variants of its key and decide, at
// `now`, which may answer and what reusing it takes (RFC 9111 §4.1-§4.3). Shared by the flow
// (./flow) and a revalidation that waited for another tab (../revalidation/revalidate).
import { decideReuse, type ReuseDecision } from '../../policy/reuse';
import { selectVariant } from '../../policy/vary';
import type { CacheEntry, StoredBody } from '../../store/cache-store';
import type { Engine, Lookup } from '../context/engine';

/** What `readStored` found: the variants, the one that may answer, what reusing it takes, its body. */
export interface StoredRead {
  variants: CacheEntry[];
  body?: StoredBody | undefined;
  selected?: CacheEntry | undefined;
  decision?: ReuseDecision | undefined;
}

/**
 * The stored variants of the key, the one that may answer this request (RFC 9111 §4.1), what
 * reusing it takes (§4.2, §4.3) and, read in the same transaction, its body (not for HEAD).
 */
export async function readStored(engine: Engine, lookup: Lookup): Promise<StoredRead> {
  if (!lookup.readStored) return { variants: [] as CacheEntry[] };
  const now = engine.options.now();
  // The store hands `choose` the variants it read, so the body that may be served (now, or after
  // a 304) comes in the same read; what `choose` decided is kept and used, not decided again.
  let decided: ({ variants: CacheEntry[] } & ReturnType<typeof reuseOf>) | undefined;
  const choose = (variants: CacheEntry[]) => {
    decided = { variants, ...reuseOf(variants, lookup, now) };
    return lookup.snapshot.method === 'HEAD' ? undefined : decided.selected;
  };
  const { variants, body } = await engine.storage.lookup(lookup.key, lookup.request.url, choose);
  // The same array: decided on. Another (a failed read answers with none): decided now.
  const reuse = decided?.variants === variants ? decided : reuseOf(variants, lookup, now);
  return { variants, body, ...reuse };
}

/**
 * The stored variant that may answer this request (RFC 9111 §4.1) and what reusing it takes
 * (§4.2, §4.3): a pure function of what the store returned, at `now`.
 */
function reuseOf(
  variants: CacheEntry[],
  lookup: Lookup,
  now: number,
): { selected?: CacheEntry | undefined; decision?: ReuseDecision | undefined } {
  const selected = selectVariant(variants, lookup.snapshot);
  return { selected, decision: selected && decideReuse(selected.response, lookup.snapshot, now) };
}
