// The first step of every request that may be answered from storage: read the stored variants of
// its key and decide, at `now`, which may answer and what reusing it takes (RFC 9111 §4.1-§4.3).
// Shared by the flow (./flow), a revalidation that waited for another tab
// (../revalidation/revalidate) and a Range request (../range/request, which also picks stored
// parts: its own `select`).
import { decideReuse, type ReuseDecision } from '../../policy/reuse';
import { selectVariant } from '../../policy/vary';
import type { CacheEntry, StoredBody } from '../../store/cache-store';
import type { CacheableRequest, Engine } from '../context/engine';

/** What a request decided on the variants it read: `answering` is the entry whose body it needs. */
export interface Selection {
  answering: CacheEntry | undefined;
}

/** What a read found: the variants, what `select` decided on them, and `answering`'s body. */
export type Read<S extends Selection> = S & {
  variants: CacheEntry[];
  /** The entry whose body came with the read (`answering`, unless the store failed). */
  chosen: CacheEntry | undefined;
  body?: StoredBody | undefined;
  /** The time the decision was made at. */
  now: number;
};

/** The plain request's selection: the variant that may answer and what reusing it takes. */
export interface Reuse extends Selection {
  selected?: CacheEntry | undefined;
  decision?: ReuseDecision | undefined;
}

export type StoredRead = Read<Reuse>;

/**
 * The stored variants of the key and, read in the same transaction, the body of the one `select`
 * says will answer. `select` must be pure: the store hands it the variants it read, and what it
 * decided is kept and used, not decided again (a failed read answers with none: decided then).
 */
export async function readWith<S extends Selection>(
  engine: Engine,
  cacheable: CacheableRequest,
  select: (variants: CacheEntry[], now: number) => S,
): Promise<Read<S>> {
  const now = engine.options.now();
  if (!cacheable.readStored) return { variants: [], chosen: undefined, now, ...select([], now) };
  let decided: { variants: CacheEntry[]; selection: S } | undefined;
  const choose = (variants: CacheEntry[]) => {
    decided = { variants, selection: select(variants, now) };
    return decided.selection.answering;
  };
  // When no variant of the key matches, the entries of equivalent URLs (No-Vary-Search, ../storage).
  const found = await engine.storage.lookup(cacheable, choose);
  const { variants } = found;
  const selection = decided?.variants === variants ? decided.selection : select(variants, now);
  return { ...selection, variants, chosen: found.chosen, body: found.body, now };
}

/**
 * The variant that may answer this request (RFC 9111 §4.1), what reusing it takes (§4.2, §4.3)
 * and its body (not for HEAD).
 */
export function readStored(engine: Engine, cacheable: CacheableRequest): Promise<StoredRead> {
  return readWith(engine, cacheable, (variants, now) => {
    const selected = selectVariant(variants, cacheable.snapshot);
    const decision = selected && decideReuse(selected.response, cacheable.snapshot, now);
    const answering = cacheable.snapshot.method === 'HEAD' ? undefined : selected;
    return { selected, decision, answering };
  });
}
