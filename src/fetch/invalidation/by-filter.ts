// cache.invalidate(filter): app-driven invalidation (issue 23, decision 0025), by URL, URL prefix,
// Cache-Groups group or a predicate over what entries() describes, in one partition or all.
import { primaryKey, urlOfKey } from '../../policy/cache-key';
import type { CacheEntry } from '../../store/cache-store';
import type { Engine } from '../context/engine';
import { type PartitionAtCall, partitionFound } from '../context/partition-at-call';
import { listStored } from '../storage/store-calls';
import { checkFilter } from './filter';
import { invalidateKeys } from './mark';
import { keysOfUrls, withEquivalents } from './targets';

/**
 * Invalidates what `filter` names; resolves to how many entries. A wrong filter throws a
 * TypeError, a predicate that throws rejects with its error: both before anything is touched.
 * Reading the store rejects when it fails (the app asked for this).
 */
export async function invalidateStored(
  engine: Engine,
  filter: unknown,
  /** A url's partition as the call found it, where the filter names none (../context/partition-at-call). */
  atCall?: PartitionAtCall,
): Promise<number> {
  const checked = checkFilter(filter);
  const { partition } = checked;
  let keys: string[];
  if (checked.kind === 'url') {
    keys =
      checked.scoped && partition === undefined
        ? await keysOfUrls(engine, [checked.url])
        : await withEquivalents(engine, [
            primaryKey(
              partition ??
                (atCall
                  ? partitionFound(atCall)
                  : engine.options.partitionOf(new Request(checked.url))),
              checked.url,
            ),
          ]);
  } else {
    const listed = await listStored(engine.storage, {
      ...(partition === undefined ? {} : { partition }),
      ...(checked.kind === 'group' ? { group: checked.group } : {}),
    });
    const now = engine.options.now();
    // Loaded apart (as entries() loads it): a request never waits for it, nor fails with it.
    const { entryInfo } = checked.kind === 'where' ? await import('../stored-entries') : {};
    const matches = (entry: CacheEntry): boolean => {
      if (checked.kind === 'prefix') return urlOfKey(entry.key).startsWith(checked.prefix);
      if (checked.kind === 'group') return entry.response.groups?.includes(checked.group) === true;
      return checked.where(entryInfo!(entry, now)) === true;
    };
    keys = listed.filter(matches).map((entry) => entry.key);
  }
  return invalidateKeys(engine, keys, 'invalidate', 'local');
}
