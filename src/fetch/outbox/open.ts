// Opening an instance's outbox (once, on its creation when the option is on): the keeper of its
// writes, and what sets replays off: this opening (a page load), `online`, and any response from
// an origin some pending write goes to.
import { indexedDBAvailable } from '../../store/default-store';
import { IndexedDBStore } from '../../store/indexeddb-store';
import type { Engine } from '../context/engine';
import { IndexedDBOutboxStore } from './indexeddb-outbox';
import { Outbox } from './outbox';
import { MemoryOutboxStore, type OutboxStore } from './outbox-store';
import { replayPass } from './replay';

const outboxes = new WeakMap<Engine, Promise<Outbox>>();

/** The instance's outbox, opened on first use. Never rejects: a store that fails is reported. */
export function outboxOf(engine: Engine): Promise<Outbox> {
  let opening = outboxes.get(engine);
  if (!opening) {
    opening = openOutbox(engine);
    outboxes.set(engine, opening);
  }
  return opening;
}

/**
 * The database of the cache's store, where its outbox is kept: the default store's (where
 * IndexedDB exists), an IndexedDBStore's. Any other store (a MemoryStore, one of the app's) gets
 * an outbox in memory, as does Node without IndexedDB: not durable (decision 0024).
 */
function keeperOf(engine: Engine): { store: OutboxStore; database: string } {
  const given = engine.options.store;
  const name =
    given === undefined
      ? indexedDBAvailable()
        ? 'cached-fetch'
        : undefined
      : given instanceof IndexedDBStore
        ? given.name
        : undefined;
  if (name === undefined) return { store: new MemoryOutboxStore(), database: 'memory' };
  const onError = (error: unknown, { operation }: { operation: string }) =>
    engine.events.emit('error', { error, operation: `outbox-${operation}` });
  return { store: new IndexedDBOutboxStore(name, onError), database: name };
}

async function openOutbox(engine: Engine): Promise<Outbox> {
  const { store, database } = keeperOf(engine);
  const { options } = engine;
  const network = options.fetch;
  const outbox = new Outbox(engine, store, network, database);
  outbox.replayPass = replayPass;
  // After any response from an origin a pending write goes to, that origin is reachable again.
  // The instance's network is watched (replays use `network`, so they do not set themselves off).
  options.fetch = async (input, init) => {
    const response = await network(input, init);
    if (response.status < 400) {
      const url = input instanceof Request ? input.url : String(input);
      const origin = new URL(url, globalThis.location?.href).origin;
      if (outbox.waitsFor(origin)) outbox.replaySoon(origin);
    }
    return response;
  };
  if ('ononline' in globalThis) {
    const online = () => outbox.replaySoon();
    globalThis.addEventListener('online', online);
    outbox.stopListening = () => globalThis.removeEventListener('online', online);
  }
  try {
    await outbox.refresh();
  } catch (error) {
    // The store failed: writes go out as without an outbox, and queuing them rejects (reported).
    engine.events.emit('error', { error, operation: 'outbox-open' });
    return outbox;
  }
  // This opening is a page load (or a worker's start): what earlier ones queued goes now.
  outbox.replaySoon();
  return outbox;
}

/** Stops the retry timer and closes the keeper (cache.close()). */
export async function closeOutbox(engine: Engine): Promise<void> {
  await (await outboxes.get(engine))?.close();
}
