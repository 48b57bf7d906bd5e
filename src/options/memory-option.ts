// The `memory` option (the memory tier's bounds) checked: by createCachedFetch and by the tier
// itself. In the chunk of the checks the default instance never runs (rollup.config.js, `checks`),
// not in the one every page loads (decision 0008).

import {
  type MemoryTierLimits,
  memoryTierLimits,
  type ResolvedMemoryTierLimits,
} from '../store/limits';
import { optionalPositiveInteger } from './positive-integer-option';
import { invalidOption } from './validate-options';

/** The bounds `value` gives; a TypeError naming the option when it is wrong. */
export function resolveMemoryTierLimits(value: unknown): ResolvedMemoryTierLimits {
  const limits = (value === undefined ? {} : value) as MemoryTierLimits;
  if (limits === null || typeof limits !== 'object') {
    invalidOption('memory', 'false or { maxEntries?, maxBytes? }', value);
  }
  for (const name of Object.keys(limits)) {
    if (name !== 'maxEntries' && name !== 'maxBytes') {
      throw new TypeError(`unknown option options.memory.${name}`);
    }
  }
  return memoryTierLimits({
    maxEntries: optionalPositiveInteger('memory.maxEntries', limits.maxEntries),
    maxBytes: optionalPositiveInteger('memory.maxBytes', limits.maxBytes),
  });
}
