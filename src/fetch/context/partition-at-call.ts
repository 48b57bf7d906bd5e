// The partition a call of the handle finds when it is made: `cache.delete(url)` and
// `cache.invalidate({ url })` without a partition use it, not the one the options give once their
// code has loaded (a user signed in meanwhile must not lose what it never had, nor the previous
// one keep what it asked to remove; decision 0027, "Tenth pass", and its review).
import type { ResolvedOptions } from './options';

/** What the call found: the partition, or the error the partition function threw. */
export type PartitionAtCall = { partition: string } | { error: unknown };

/** Undefined for an input of the wrong type: the call's own check reports it once loaded. */
export function partitionAtCall(
  resolved: Pick<ResolvedOptions, 'partitionOf'>,
  input: unknown,
): PartitionAtCall | undefined {
  if (!(typeof input === 'string' || input instanceof URL || input instanceof Request)) return;
  try {
    return { partition: resolved.partitionOf(new Request(input as RequestInfo)) };
  } catch (error) {
    return { error };
  }
}

/** `atCall`'s partition, or its error thrown. */
export function partitionFound(atCall: PartitionAtCall): string {
  if ('error' in atCall) throw atCall.error;
  return atCall.partition;
}
