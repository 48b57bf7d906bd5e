// What requests call in the revalidate chunk (rollup.config.js), behind one import(): the chunk
// is one file, so it loads (or fails to) as one module, exported once (decision 0008). The
// handle's entries() / revalidate(entry) import ./stored-entries themselves (in the same chunk):
// unbundled (a dev server), that loads three modules, not the whole revalidation path.

export { invalidateStored } from '../invalidation/by-filter';
export { invalidateKeys } from '../invalidation/mark';
export { refreshStale, validate } from '../revalidation/revalidate';
export { afterUnsafeResponse } from '../unsafe/unsafe-request';
export { admit } from './admit';
