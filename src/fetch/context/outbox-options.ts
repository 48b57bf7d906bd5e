// The `outbox` option (decision 0024; checked eagerly in ./options like every option): only the check
// "may this write be queued" are in the entry; the outbox itself loads with import() (./outbox/).
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

/** As the entry resolves them: `match` always; the limits as given (./outbox/limits adds defaults). */
export type ResolvedOutboxOptions = OutboxOptions & { match: (request: Request) => boolean };

/** The default `match`: the four write methods, same-origin (no page origin, as in Node: any). */
export const sameOriginWrite = (request: Request) =>
  /^(POST|PUT|PATCH|DELETE)$/.test(request.method) && !isCrossOrigin(request.url);
