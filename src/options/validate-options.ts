// Eager option checks, shared by the front and the stores: a bad value throws a TypeError naming
// the option, in one format: "expected options.maxBytes to be a positive integer, got -1".

/** A value as error messages show it: strings quoted, objects by kind. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** Throws the TypeError for option `name`, which should have been `expected`. */
export function invalidOption(name: string, expected: string, value: unknown): never {
  throw new TypeError(`expected options.${name} to be ${expected}, got ${describeValue(value)}`);
}
