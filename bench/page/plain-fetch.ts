// Plain `fetch`, the network baselines: conditional requests, misses, concurrent bursts.
import { firstByteThenDrain, readFully } from './body.ts';
import type { Variant } from './sampler.ts';

/** A `fetch` carrying If-None-Match: Chromium hands the raw 304 to JS, no body to read. */
export function conditionalFetchVariant(url: string, etag: string): Variant {
  return {
    name: 'fetch + If-None-Match (raw 304)',
    hitPrefix: url,
    run: async () => {
      const res = await fetch(url, { headers: { 'if-none-match': etag } });
      if (res.status !== 304) throw new Error(`expected 304, got ${res.status}`);
      await res.arrayBuffer();
    },
  };
}

/** Each sample fetches a URL never seen before (a miss in every cache). */
export function missFetchVariant(path: string, bytes: number, tag: string): Variant {
  const prefix = `${path}?v=${tag}-plain-`;
  return {
    name: 'fetch',
    hitPrefix: prefix,
    run: async (sample) => readFully(await fetch(prefix + sample), bytes, 'fetch'),
  };
}

export function firstByteFetchVariant(path: string, bytes: number, tag: string): Variant {
  const prefix = `${path}?v=${tag}-plain-`;
  return {
    name: 'fetch',
    hitPrefix: prefix,
    run: async (sample) => {
      const start = performance.now();
      return firstByteThenDrain(await fetch(prefix + sample), start, bytes, 'fetch');
    },
  };
}

/** `count` concurrent requests; `distinct` gives each its own URL. */
export function burstFetchVariant(
  path: string,
  bytes: number,
  count: number,
  distinct: boolean,
  tag: string,
): Variant {
  const prefix = `${path}?v=${tag}-plain-`;
  return {
    name: 'fetch',
    hitPrefix: prefix,
    run: async (round) => {
      await Promise.all(
        Array.from({ length: count }, async (_, i) => {
          const url = distinct ? `${prefix}${round}-${i}` : `${prefix}${round}`;
          await readFully(await fetch(url), bytes, 'fetch');
        }),
      );
    },
  };
}
