// The outbox (./outbox/), loaded with import() only by instances created with the `outbox` option.
import { lazyModule } from './lazy-module';

export const outboxChunk = lazyModule(() => import('./outbox/index'));
