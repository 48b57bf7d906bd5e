// A fetch whose response bodies count the bytes pulled from them (decoded, as a caller reads
// them), for tests of how far the cache reads a network body ahead of its callers (decision 0021).

export interface CountedBody {
  /** Bytes pulled so far from the network's (decoded) body. */
  pulled: number;
  /** The largest chunk pulled: the platform's chunks cannot be split, so bounds allow for one. */
  largestChunk: number;
  cancelled: boolean;
}

export function countingFetch(inner: typeof fetch = (input, init) => fetch(input, init)) {
  const bodies: CountedBody[] = [];
  const counted: typeof fetch = async (input, init) => {
    const response = await inner(input, init);
    if (!response.body) return response;
    const counter: CountedBody = { pulled: 0, largestChunk: 0, cancelled: false };
    bodies.push(counter);
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          counter.pulled += value.byteLength;
          counter.largestChunk = Math.max(counter.largestChunk, value.byteLength);
          controller.enqueue(value);
        },
        cancel(reason) {
          counter.cancelled = true;
          return reader.cancel(reason);
        },
      },
      // Pulled only when the cache asks: what it pulled is what it read from the network.
      { highWaterMark: 0 },
    );
    const { status, statusText, headers } = response;
    return new Response(body, { status, statusText, headers });
  };
  return { fetch: counted, bodies };
}

/** Reads `reader` to the end, checking that byte i is i % 251 (patternBytes); returns the length. */
export async function readPattern(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  from = 0,
): Promise<number> {
  let offset = from;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return offset;
    for (let i = 0; i < value.byteLength; i++) {
      if (value[i] !== (offset + i) % 251) throw new Error(`byte ${offset + i} is wrong`);
    }
    offset += value.byteLength;
  }
}
