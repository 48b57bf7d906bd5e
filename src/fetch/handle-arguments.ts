// Checks of the cache handle's arguments. A wrong argument to clear() must never widen into
// "everything" (one user's logout wiping every user's entries): it throws a TypeError naming the
// argument, before anything is removed.

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : String(value);
}

function invalidArgument(method: string, name: string, expected: string, value: unknown): never {
  throw new TypeError(
    `cache.${method}(): expected ${name} to be ${expected}, got ${describe(value)}`,
  );
}

/**
 * The partition a `{ partition }` argument names. `args` empty means "every partition"
 * (undefined); anything else must be an object whose `partition` is a string.
 */
export function partitionArgument(
  method: 'clear' | 'entries',
  args: readonly unknown[],
): string | undefined {
  if (args.length === 0) return undefined;
  const [filter] = args;
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    invalidArgument(method, 'filter', `{ partition: string } (or no argument for all)`, filter);
  }
  const { partition } = filter as { partition?: unknown };
  if (typeof partition !== 'string') {
    invalidArgument(method, 'filter.partition', 'a string', partition);
  }
  return partition;
}

/** The request `cache.delete(input, options)` names, and the partition it was given, if any. */
export function deleteArguments(
  input: unknown,
  options: unknown,
): { request: Request; partition: string | undefined } {
  if (typeof input !== 'string' && !(input instanceof URL) && !(input instanceof Request)) {
    invalidArgument('delete', 'input', 'a URL string, a URL or a Request', input);
  }
  let partition: string | undefined;
  if (options !== undefined) {
    if (typeof options !== 'object' || options === null) {
      invalidArgument('delete', 'options', '{ partition: string }', options);
    }
    const given = (options as { partition?: unknown }).partition;
    if (typeof given !== 'string')
      invalidArgument('delete', 'options.partition', 'a string', given);
    partition = given;
  }
  let request: Request;
  try {
    request = new Request(input);
  } catch {
    invalidArgument('delete', 'input', 'a valid URL', input);
  }
  return { request, partition };
}
