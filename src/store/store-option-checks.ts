// The checks of the built-in stores' own options (IndexedDBStore, MemoryStore, the governor's
// limits), in the stores' chunk: a page's entry never loads them. Same message format as
// ../options/validate-options, whose invalidOption they throw with.
import { invalidOption } from '../options/validate-options';

/** Throws unless `value` is undefined or a non-negative safe integer. */
export function optionalNonNegativeInteger(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    invalidOption(name, 'a non-negative integer', value);
  }
  return value;
}

/** Throws unless `value` is undefined or a function. */
export function optionalFunction<F>(name: string, value: F | undefined): F | undefined {
  if (value !== undefined && typeof value !== 'function') {
    invalidOption(name, 'a function', value);
  }
  return value;
}

/** Throws unless `value` is undefined or a non-empty string. */
export function optionalNonEmptyString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    invalidOption(name, 'a non-empty string', value);
  }
  return value;
}
