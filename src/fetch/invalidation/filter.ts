// The argument of cache.invalidate(filter), checked: a wrong filter throws a TypeError naming what
// is wrong and invalidates nothing (as clear() does: a typo must never widen into "everything").

import { describeValue } from '../../options/validate-options';
import { withoutFragment } from '../../policy/cache-key';
import type { CachedEntryInfo } from '../cache-handle';

/** A checked filter: exactly one target; `partition` undefined means every partition. */
export type CheckedFilter = (
  | { kind: 'url'; url: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'group'; group: string }
  | { kind: 'where'; where: (entry: CachedEntryInfo) => boolean }
) & { partition: string | undefined; scoped: boolean };

const targets = ['url', 'prefix', 'group', 'where'] as const;
const known = new Set<string>([...targets, 'partition', 'allPartitions']);

function wrong(name: string, expected: string, value: unknown): never {
  throw new TypeError(
    `cache.invalidate(): expected ${name} to be ${expected}, got ${describeValue(value)}`,
  );
}

/**
 * The filter checked. `scoped` false: no partition was named (only a `url` may omit both: it then
 * takes the partition the options give for it, as `cache.delete()` does).
 */
export function checkFilter(filter: unknown): CheckedFilter {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    wrong('filter', 'an object with one of url, prefix, group or where', filter);
  }
  const given = filter as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!known.has(name)) wrong(`filter.${name}`, 'absent (unknown field)', given[name]);
  }
  const named = targets.filter((name) => given[name] !== undefined);
  if (named.length !== 1) {
    wrong('filter', 'exactly one of url, prefix, group or where', named.join(', ') || filter);
  }
  const { partition, allPartitions } = given;
  if (partition !== undefined && typeof partition !== 'string') {
    wrong('filter.partition', 'a string', partition);
  }
  if (allPartitions !== undefined && allPartitions !== true) {
    wrong('filter.allPartitions', 'true', allPartitions);
  }
  if (partition !== undefined && allPartitions) {
    wrong('filter', 'partition or allPartitions, not both', filter);
  }
  const scope = { partition, scoped: partition !== undefined || allPartitions === true };
  const kind = named[0]!;
  if (kind !== 'url' && !scope.scoped) {
    wrong('filter', 'to name a partition, or allPartitions: true', filter);
  }
  const value = given[kind];
  if (kind === 'url') return { kind, url: absoluteUrl(value), ...scope };
  if (kind === 'where') {
    if (typeof value !== 'function') wrong('filter.where', 'a function', value);
    return { kind, where: value as (entry: CachedEntryInfo) => boolean, ...scope };
  }
  if (typeof value !== 'string' || value === '')
    wrong(`filter.${kind}`, 'a non-empty string', value);
  return kind === 'prefix' ? { kind, prefix: value, ...scope } : { kind, group: value, ...scope };
}

function absoluteUrl(value: unknown): string {
  if (typeof value === 'string' || value instanceof URL) {
    try {
      return withoutFragment(new URL(value).href);
    } catch {
      // Reported below.
    }
  }
  return wrong('filter.url', 'an absolute URL string or a URL', value);
}
