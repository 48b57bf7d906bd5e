// Checks of the cache handle's arguments. A wrong argument to clear() must never widen into
// "everything" (one user's logout wiping every user's entries): it throws a TypeError naming the
// argument, before anything is removed.
import { describeValue } from '../options/validate-options';

function invalidArgument(method: string, name: string, expected: string, value: unknown): never {
  throw new TypeError(
    `cache.${method}(): expected ${name} to be ${expected}, got ${describeValue(value)}`,
  );
}

/** `{ partition }`'s partition, checked: `object` must be an object with a string `partition`. */
function partitionOf(method: string, name: string, object: unknown): string {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    invalidArgument(method, name, '{ partition: string }', object);
  }
  const { partition } = object as { partition?: unknown };
  if (typeof partition !== 'string') {
    invalidArgument(method, `${name}.partition`, 'a string', partition);
  }
  return partition;
}

/**
 * The partition a `{ partition }` argument names: no argument at all means every partition
 * (undefined); anything else must be an object whose `partition` is a string.
 */
export function partitionArgument(method: string, args: readonly unknown[]): string | undefined {
  return args.length === 0 ? undefined : partitionOf(method, 'filter', args[0]);
}

/** The request `cache.delete(input, options)` names, and the partition it was given, if any. */
export function deleteArguments(
  input: unknown,
  options: unknown,
): { request: Request; partition: string | undefined } {
  const partition = options === undefined ? undefined : partitionOf('delete', 'options', options);
  try {
    if (typeof input === 'string' || input instanceof URL || input instanceof Request) {
      return { request: new Request(input), partition };
    }
  } catch {
    // An unparseable URL: reported below as the wrong input it is.
  }
  return invalidArgument('delete', 'input', 'a URL string, a URL or a Request', input);
}
