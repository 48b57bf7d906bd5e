// Range answers built from stored bytes (RFC 9110 §14.2, §15.3.7, §15.5.17; RFC 9111 §3.3):
// a 206 from a stored complete response or stored parts, a 416 where the stored length proves it,
// each a `stored` Outcome: the route gives it Age and Cache-Status as for any stored response.
// Part of the Range module: loaded only when a Range request arrives.

import { currentAgeMs, isFreshAtAge } from '../../policy/age';
import { requestedBytes, selectedRange, storedOffset } from '../../policy/byte-ranges';
import { rangeResponseHead, unsatisfiableHead } from '../../policy/partial-content';
import type { RangeSpec } from '../../policy/range';
import type { StoredResponse } from '../../policy/snapshot';
import { type CacheEntry, type StoredBody, storedBodySize } from '../../store/cache-store';
import type { CacheableRequest, Engine } from '../context/engine';
import type { CacheAction } from '../response/cache-action';
import type { Outcome } from '../response/outcome';

export interface RangeRequest {
  /** The caller's request (./network adds its mode's header fields when it goes out). */
  request: Request;
  /** The caller's request as policy sees it, Range included. */
  snapshot: CacheableRequest['snapshot'];
  partition: string;
  key: string;
  range: RangeSpec;
  readStored: boolean;
  onlyIfCached: CacheableRequest['onlyIfCached'];
}

export interface RangeContext extends RangeRequest {
  engine: Engine;
  /** The same request without Range: what selects stored responses and keys what is stored. */
  cacheable: CacheableRequest;
  now: number;
}

/** A 206 (or 416) built from stored bytes. */
function fromStoredBytes(head: StoredResponse, bytes: StoredBody, action: CacheAction): Outcome {
  return { kind: 'stored', stored: head, body: bytes, action };
}

/** RFC 9110 §15.5.17: 416 when the stored length proves the range unsatisfiable. */
function unsatisfiable(
  stored: StoredResponse,
  completeLength: number,
  action: CacheAction,
): Outcome {
  const head = unsatisfiableHead(stored, completeLength);
  return fromStoredBytes(head, new ArrayBuffer(0), action);
}

/** RFC 9111 §4.2: a range answered from storage without the origin (206, or 416). */
function hit(ctx: RangeContext, entry: CacheEntry, status: number): CacheAction {
  ctx.engine.storage.recordUse(entry, ctx.now);
  const ageMs = currentAgeMs(entry.response, ctx.now);
  const ageSec = Math.floor(ageMs / 1000);
  const stale = !isFreshAtAge(entry.response, ageMs);
  return { kind: 'hit', hit: true, status, ageSec, stale };
}

/**
 * RFC 9110 §14.2: the range of a stored complete response, a hit unless `validated` (a 304) says
 * what was done; undefined when its body is gone. `preloaded`: what the read found (null:
 * it looked, and the body is gone); else the body is read now.
 */
export async function fromComplete(
  ctx: RangeContext,
  entry: CacheEntry,
  preloaded?: StoredBody | null,
  validated?: CacheAction,
  stored: StoredResponse = entry.response,
): Promise<Outcome | undefined> {
  const body = preloaded === undefined ? await ctx.engine.storage.body(entry) : preloaded;
  if (!body) return undefined;
  // A Blob body is sliced, not read: a range of a large stored video copies only that range.
  const length = storedBodySize(body);
  const range = selectedRange(ctx.range, length);
  const action = validated ?? hit(ctx, entry, range ? 206 : 416);
  if (range === null) return unsatisfiable(stored, length, action);
  const head = rangeResponseHead(stored, range, length);
  return fromStoredBytes(head, body.slice(range.start, range.end + 1), action);
}

/** RFC 9111 §3.3: the range from stored parts that hold all of it; else undefined. */
export async function fromParts(
  ctx: RangeContext,
  entry: CacheEntry,
  preloaded?: StoredBody | null,
): Promise<Outcome | undefined> {
  const parts = entry.response.partial!;
  const wanted = requestedBytes(ctx.range, parts.completeLength);
  if (wanted === null) return undefined;
  if (wanted === 'unsatisfiable') {
    return unsatisfiable(entry.response, parts.completeLength!, hit(ctx, entry, 416));
  }
  const offset = storedOffset(parts, wanted);
  if (offset === null) return undefined;
  const body = preloaded === undefined ? await ctx.engine.storage.body(entry) : preloaded;
  if (!body) return undefined;
  const action = hit(ctx, entry, 206);
  const head = rangeResponseHead(entry.response, wanted, parts.completeLength);
  const length = wanted.end - wanted.start + 1;
  return fromStoredBytes(head, body.slice(offset, offset + length), action);
}
