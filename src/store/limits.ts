// The stores' default limits and the memory tier's bounds: what options need at creation, apart
// from the governor and the tier themselves (which load with the store, on first use). Their
// checks are in ../options/memory-option.

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

/**
 * The memory tier's bounds, defaults filled in, from a `memory` option already checked
 * (../options/memory-option, `resolveMemoryTierLimits`).
 */
export function memoryTierLimits(limits: MemoryTierLimits = {}): ResolvedMemoryTierLimits {
  return { maxEntries: limits.maxEntries ?? 500, maxBytes: limits.maxBytes ?? 4 * 1024 * 1024 };
}
