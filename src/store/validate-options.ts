// Eager option checks for the store layer: a bad value throws a TypeError naming the option.

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Throws unless `value` is undefined or a positive safe integer. */
export function optionalPositiveInteger(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(
      `expected options.${name} to be a positive integer, got ${describe(value)}`,
    );
  }
  return value;
}

/** Throws unless `value` is undefined or a non-negative safe integer. */
export function optionalNonNegativeInteger(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(
      `expected options.${name} to be a non-negative integer, got ${describe(value)}`,
    );
  }
  return value;
}

/** Throws unless `value` is undefined or a function. */
export function optionalFunction<F>(name: string, value: F | undefined): F | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`expected options.${name} to be a function, got ${describe(value)}`);
  }
  return value;
}

/** Throws unless `value` is undefined or a non-empty string. */
export function optionalNonEmptyString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(
      `expected options.${name} to be a non-empty string, got ${describe(value)}`,
    );
  }
  return value;
}
