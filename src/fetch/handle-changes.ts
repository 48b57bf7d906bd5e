// What the cache handle's clear() and delete() do, and what this page does when another tab did
// one (decision 0022). Loaded with import(), in the stores' chunk (rollup.config.js): each of them
// needs the store anyway, and a page that changes nothing never loads their argument checks
// (decision 0027, "Tenth pass"). ./create-cached-fetch orders them before the requests made after
// the call.
import { networkChunk } from './cacheable/admission';
import { clearStored } from './clear-stored';
import type { Engine } from './context/engine';
import { type PartitionAtCall, partitionFound } from './context/partition-at-call';
import type { TabMessage } from './coordination/tab-sync';
import { deleteArguments, partitionArgument } from './handle-arguments';
import { invalidateUrls } from './unsafe/invalidation';

/** cache.clear(...args): a wrong argument rejects with a TypeError, and nothing is removed. */
export async function clear(engine: Engine, args: readonly unknown[]): Promise<number> {
  return clearStored(engine, partitionArgument('clear', args), 'local');
}

/** The partition of `cache.delete(input)` as the call found it, or what finding it threw. */

/**
 * cache.delete(input, options): every stored variant of the URL, in `options.partition`, else in
 * the partition the call found (`atCall`): not the one the options give once this module loaded.
 */
export async function deleteUrl(
  engine: Engine,
  input: unknown,
  options: unknown,
  atCall: PartitionAtCall | undefined,
): Promise<number> {
  const { request, partition } = deleteArguments(input, options);
  // Without options.partition, input passed the check: the call found a partition (or an error).
  const found = partition ?? partitionFound(atCall!);
  return invalidateUrls(engine, found, [request.url], 'local');
}

/** Another tab's invalidation or clear. */
export async function changedInAnotherTab(
  engine: Engine,
  message: Exclude<TabMessage, { type: 'written' }>,
): Promise<void> {
  if (message.type === 'invalidated' && message.keys) {
    // Marked for revalidation in every partition (decision 0025): loaded as requests load it.
    const { invalidateKeys } = await networkChunk.load();
    await invalidateKeys(engine, message.keys, message.reason ?? 'invalidate', 'remote');
  } else if (message.type === 'invalidated') {
    await invalidateUrls(engine, message.partition, message.urls, 'remote');
  } else if (message.type === 'cleared') await clearStored(engine, message.partition, 'remote');
}
