// The stores' numeric options (the governor's limits, IndexedDBStore's open timeout, the memory
// tier's bounds): checked where each is created. In the chunk of the checks the default instance
// never runs (rollup.config.js, `checks`), not in the one every page loads (decision 0008).
import { invalidOption } from './validate-options';

/** Throws unless `value` is undefined or a positive safe integer. */
export function optionalPositiveInteger(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    invalidOption(name, 'a positive integer', value);
  }
  return value;
}
