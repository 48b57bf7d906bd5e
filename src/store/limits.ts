// The stores' default limits and the memory tier's bounds: what options need at creation, apart
// from the governor and the tier themselves (which load with the store, on first use).
import { invalidOption, optionalPositiveInteger } from '../validate-options';

export const DEFAULT_LIMITS = {
  maxEntries: 1000,
  maxBytes: 50 * 1024 * 1024,
  maxEntryBytes: 5 * 1024 * 1024,
  touchDelayMs: 100,
} as const;

/** Bounds of the memory tier (the `memory` option). */
export interface MemoryTierLimits {
  /** Most entries held (and most URLs remembered as having none). Default 500. */
  maxEntries?: number | undefined;
  /** Most bytes held, measured as the store measures them. Default 4 MiB. */
  maxBytes?: number | undefined;
}

/** The memory tier's bounds once resolved: both set. */
export interface ResolvedMemoryTierLimits {
  maxEntries: number;
  maxBytes: number;
}

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
  return {
    maxEntries: optionalPositiveInteger('memory.maxEntries', limits.maxEntries) ?? 500,
    maxBytes: optionalPositiveInteger('memory.maxBytes', limits.maxBytes) ?? 4 * 1024 * 1024,
  };
}
