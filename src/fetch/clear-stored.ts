// cache.clear(): everything, or one partition (logout, decision 0003), with the partition's queued
// writes, here and when another tab did it. Apart from ../unsafe/invalidation, which the outbox
// uses after a write was sent: the outbox never reaches back to what clears it.
import type { Engine } from './context/engine';
import { inOutbox } from './outbox/chunk';

/**
 * Removes everything, or one partition, the same way, and the outbox's writes of it. Rejects if
 * the store fails (asked for).
 */
export async function clearStored(
  engine: Engine,
  partition: string | undefined,
  origin: 'local' | 'remote',
): Promise<number> {
  engine.generations.clear(partition);
  // Another page's logout: this page's app may still name that user (decision 0022).
  if (origin === 'remote' && partition !== undefined) engine.generations.close(partition);
  engine.flights.forget((tag) => partition === undefined || tag.partition === partition);
  const local = origin === 'local';
  if (local) engine.storage.announceChange(); // as for an invalidation, before and after
  // The partition's queued writes go too: nothing of a user's is sent after their logout.
  const [removed, writes] = await Promise.all([
    // In call order with every store call, without a pause once the store is loaded (../storage).
    engine.storage
      .withBackend(({ store }) => store.clear(partition === undefined ? undefined : { partition }))
      .finally(() => local && engine.storage.announceChange()),
    engine.options.outbox && inOutbox(engine, 'clear', partition),
  ]);
  engine.events.emit('cleared', { partition, remote: !local, writes });
  if (local) engine.tabs.post({ type: 'cleared', partition });
  return removed;
}
