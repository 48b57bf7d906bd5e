// Storing a 206 as partial content, combined with the parts already stored (RFC 9111 §3.3, §3.4).
// Part of the Range module: loaded only when a Range request arrives.

import {
  type ByteRange,
  combinedSegments,
  isWhole,
  type PartialContent,
} from '../../policy/byte-ranges';
import {
  combinable,
  combinedHead,
  completedResponse,
  partialSecondaryKey,
} from '../../policy/partial-content';
import type { ResponseSnapshot, StoredResponse } from '../../policy/snapshot';
import { secondaryKey } from '../../policy/vary';
import { type CacheEntry, storedBodyBytes } from '../../store/cache-store';
import { entryFor, writeEntry } from '../cacheable/store-entry';
import type { CacheableRequest, Engine } from '../context/engine';

const byteLength = (range: ByteRange) => range.end - range.start + 1;

/**
 * The bytes of the stored parts and a new part, laid out as `combinedSegments` says (overlaps
 * hold the same bytes: only parts with the same strong validator are combined).
 */
function combinedBytes(
  parts: PartialContent,
  stored: ArrayBuffer,
  added: ByteRange,
  addedBytes: ArrayBuffer,
): { segments: ByteRange[]; bytes: ArrayBuffer } {
  const plan = combinedSegments(parts.segments, added);
  const storedOffsets = new Map<ByteRange, number>();
  let offset = 0;
  for (const segment of parts.segments) {
    storedOffsets.set(segment, offset);
    offset += byteLength(segment);
  }
  const out = new Uint8Array(plan.reduce((sum, { segment }) => sum + byteLength(segment), 0));
  let position = 0;
  for (const { segment, parts: pieces } of plan) {
    for (const piece of pieces) {
      const source =
        piece.from === 'added'
          ? new Uint8Array(addedBytes)
          : new Uint8Array(stored, storedOffsets.get(piece.range), byteLength(piece.range));
      out.set(source, position + piece.range.start - segment.start);
    }
    position += byteLength(segment);
  }
  return { segments: plan.map(({ segment }) => segment), bytes: out.buffer };
}

/**
 * Stores a 206 that arrived complete: combined with `existing` parts when RFC 9111 §3.4 allows,
 * else in their place; as the complete 200 once the parts add up to the whole representation.
 * Nothing is written when an invalidation or a clear came since the request began.
 */
export async function storePartialContent(
  engine: Engine,
  cacheable: CacheableRequest,
  existing: CacheEntry | undefined,
  incoming: StoredResponse & { partial: PartialContent },
  head: ResponseSnapshot,
  body: ArrayBuffer,
): Promise<void> {
  let response: StoredResponse = incoming;
  let bytes = body;
  if (existing?.response.partial && combinable(existing.response, incoming)) {
    const stored = await engine.storage.body(existing);
    const added = incoming.partial.segments[0] as ByteRange;
    if (stored !== undefined) {
      const storedBytes = await storedBodyBytes(stored);
      const combined = combinedBytes(existing.response.partial, storedBytes, added, body);
      response = combinedHead(existing.response, head, combined.segments);
      bytes = combined.bytes;
    }
  }
  if (bytes.byteLength > engine.options.maxEntryBytes) return;
  const { partial } = response;
  const whole = partial !== undefined && isWhole(partial) && partial.completeLength !== null;
  if (whole) response = completedResponse(response, partial.completeLength as number);
  const requestHeaders = cacheable.snapshot.headers;
  const secondary = whole
    ? secondaryKey(response.vary, requestHeaders)
    : partialSecondaryKey(response.vary, requestHeaders);
  // The parts' id: the write replaces them, whether it stores more parts or the whole response.
  const entry = entryFor(cacheable, response, secondary, bytes.byteLength, existing?.id);
  await writeEntry(engine, cacheable, entry, bytes);
}
