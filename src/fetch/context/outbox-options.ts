// The `outbox` option (decision 0024; checked eagerly in ./options like every option). The default
// `match` is used by the outbox's own chunk (../outbox/index), which loads with import(): an
// instance with the option sends every unsafe request through it (decision 0008: entry bytes).
import { isCrossOrigin } from '../network/cross-origin';

/** `outbox: { ... }`: which writes may be queued, and how many, how large, how long. */
export interface OutboxOptions {
  /**
   * Whether this unsafe request may be queued when it cannot reach the origin. Default: POST, PUT,
   * PATCH and DELETE to this page's origin (every origin where there is no page, as in Node).
   */
  match?: ((request: Request) => boolean) | undefined;
  /** Most writes kept (pending and failed); a write past it rejects. Default 500. */
  maxEntries?: number | undefined;
  /** Most bytes of bodies kept (pending and failed); a write past it rejects. Default 10 MiB. */
  maxBytes?: number | undefined;
  /** Attempts (the first one included) before a write that keeps failing moves to failed. Default 10. */
  maxAttempts?: number | undefined;
  /** Milliseconds after which a write that keeps failing moves to failed. Default 7 days. */
  maxAgeMs?: number | undefined;
}

/** The default `match`: the four write methods, same-origin (no page origin, as in Node: any). */
export const sameOriginWrite = (request: Request) =>
  /^(POST|PUT|PATCH|DELETE)$/.test(request.method) && !isCrossOrigin(request.url);
