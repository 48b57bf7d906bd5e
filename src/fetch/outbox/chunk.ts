// The outbox (./outbox/), loaded with import() only by instances created with the `outbox` option.
// The entry reaches it through one call, so that what it adds to every page stays a few bytes.
import type { Engine } from '../context/engine';
import { lazyModule } from '../coordination/lazy-module';

export const outboxChunk = lazyModule(() => import('./index'));

/** Loads the outbox, then runs `name` (./outbox/index `call`) for this instance. */
export function inOutbox(engine: Engine, name: string, ...args: unknown[]): Promise<never> {
  return outboxChunk.load().then((chunk) => chunk.call(engine, name, ...args) as Promise<never>);
}
