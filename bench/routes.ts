// The bench origin's fixed routes, shared by the Node side (which serves them) and the page.

/** Body sizes under test, in bytes. `1k` is JSON; the others are opaque bytes. */
export const bodySizes = { '1k': 1024, '100k': 100 * 1024, '1m': 1024 * 1024 } as const;
export type BodySize = keyof typeof bodySizes;

/** Fresh for an hour, with an ETag; answers 304 to a matching If-None-Match. */
export const freshPath = (size: BodySize) => `/fresh/${size}`;
/** `max-age=0` with an ETag: every reuse is a revalidation answered by 304. */
export const stalePath = (size: BodySize) => `/stale/${size}`;
/** 204 No Content, fresh for an hour: the response with no body to wait for. */
export const noContentPath = '/no-content';
/** `no-store`: the control route that no cache may keep. */
export const noStorePath = (size: BodySize) => `/no-store/${size}`;
/** 1 MB fresh body sent in 16 chunks of 64 KB, 4 ms apart: first byte long before the last. */
export const slowPath = '/slow/1m';
export const slowChunkBytes = 64 * 1024;
export const slowChunkCount = 16;
export const slowChunkDelayMs = 4;

export const etagFor = (path: string) => `"${path.split('/').join('-')}-v1"`;

/** GET `hitsPath?prefix=/fresh/1k?v=x` → number of origin hits whose path+query starts so. */
export const hitsPath = '/__bench/hits';
export const pagePath = '/';
export const pageScriptPath = '/__bench/page.js';

/**
 * POST: 201 while writes are up, 503 while down (`writeStatePath?down=1|0` switches; a write with
 * `up=1` in its query is answered 201 either way), each answer `latency` ms late
 * (`writeStatePath?latency=N`, default 0).
 */
export const writePath = '/write';
export const writeStatePath = '/__bench/write-state';
