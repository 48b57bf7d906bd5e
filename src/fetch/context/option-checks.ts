// The checks of createCachedFetch's options, made before anything is created: a wrong option
// throws a TypeError naming it (decision 0020). Apart from resolving them (./options): the default
// instance has no options, and a page that only calls the exported `cachedFetch` never loads this.

import { isStorageBucket, STORAGE_BUCKET } from '../../options/storage-bucket-option';
import { invalidOption } from '../../options/validate-options';
import { isToken } from '../../policy/headers';
import type { CachedFetchOptions } from './options';
import type { OutboxOptions } from './outbox-options';

/** A check of one option's value: what it should be (for the message), and whether it is. */
type Check = [expected: string, valid: (value: unknown) => boolean];

const positiveInteger: Check = [
  'a positive integer',
  (value) => Number.isSafeInteger(value) && (value as number) > 0,
];
const boolean: Check = ['a boolean', (value) => typeof value === 'boolean'];
const isFunction = (value: unknown) => typeof value === 'function';

/**
 * Every option and its check, applied to values that are not undefined (defaults are in
 * resolveOptions). An option missing here is unknown. `store` has a second, more precise check
 * below; `revalidateCrossOrigin` in resolveOptions, which parses it, and `memory` by
 * createCachedFetch after it (../../options/memory-option).
 */
const checks: Record<keyof CachedFetchOptions, Check> = {
  fetch: ['a fetch function', isFunction],
  store: ['a CacheStore', (value) => typeof value === 'object' && value !== null],
  partition: ['a string or a function', (value) => typeof value === 'string' || isFunction(value)],
  maxEntries: positiveInteger,
  maxBytes: positiveInteger,
  maxEntryBytes: positiveInteger,
  maxBytesPerPartition: positiveInteger,
  now: ['a function returning epoch milliseconds', isFunction],
  cacheStatus: boolean,
  offline: [
    "'error', 'stale' or 'any'",
    (value) => ['error', 'stale', 'any'].includes(value as string),
  ],
  networkTimeout: positiveInteger,
  heuristicFreshness: [
    'a non-negative integer',
    (value) => isFunction(value) || (Number.isSafeInteger(value) && (value as number) >= 0),
  ],
  revalidateCrossOrigin: [
    'a boolean or an array of origins',
    (value) =>
      typeof value === 'boolean' ||
      (Array.isArray(value) && value.every((origin) => typeof origin === 'string')),
  ],
  crossTab: boolean,
  warnings: boolean,
  persist: boolean,
  storageBucket: [STORAGE_BUCKET, isStorageBucket],
  memory: [
    'false or { maxEntries?, maxBytes? }',
    (value) => value !== null && (value === false || typeof value === 'object'),
  ],
  secretHeaders: [
    'an array of header names',
    (value) =>
      Array.isArray(value) && value.every((name) => typeof name === 'string' && isToken(name)),
  ],
  outbox: [
    'a boolean or an object',
    (value) => typeof value === 'boolean' || (typeof value === 'object' && value !== null),
  ],
};

const outboxChecks: Record<keyof OutboxOptions, Check> = {
  match: ['a function', isFunction],
  maxEntries: positiveInteger,
  maxBytes: positiveInteger,
  maxAttempts: positiveInteger,
  maxAgeMs: positiveInteger,
};

/** Throws a TypeError naming the first option of `given` that is unknown or wrong. */
function checkAll(given: object, known: Record<string, Check>, prefix = ''): void {
  for (const [name, value] of Object.entries(given)) {
    if (!Object.hasOwn(known, name)) throw new TypeError(`unknown option options.${prefix}${name}`);
    const [expected, valid] = known[name]!;
    if (value !== undefined && !valid(value)) invalidOption(prefix + name, expected, value);
  }
}

const storeMethods = [
  'getVariants',
  'getBody',
  'put',
  'update',
  'touch',
  'delete',
  'clear',
  'prune',
  'stats',
  'list',
  'close',
];

/**
 * Throws a TypeError naming the first option of `options` that is unknown or wrong, and changes
 * nothing. Undefined (no options) passes.
 */
export function checkOptions(options: CachedFetchOptions | undefined): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`expected options to be an object, got ${typeof options}`);
  }
  checkAll(options, checks);
  // `{ ... }` is checked the same way, one level down (./outbox-options).
  if (typeof options.outbox === 'object') checkAll(options.outbox, outboxChecks, 'outbox.');

  const store = options.store;
  const missing = storeMethods.filter(
    (method) =>
      store && typeof (store as unknown as Record<string, unknown>)[method] !== 'function',
  );
  if (missing.length > 0) {
    invalidOption('store', `a CacheStore (missing ${missing.join(', ')})`, store);
  }
  // The bucket is where the default store opens its database: with a store of the app's own it
  // would be ignored without a word, and the app's data would not be where it asked.
  if (options.storageBucket !== undefined && store) {
    invalidOption('storageBucket', 'absent with options.store', options.storageBucket);
  }
  // A store that ignores `limits.partition` would evict every partition down to one's budget.
  if (options.maxBytesPerPartition && store && !store.prunesPartitions) {
    invalidOption('maxBytesPerPartition', 'with a store whose prunesPartitions is true', store);
  }
}
