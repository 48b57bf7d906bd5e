// The `outbox` option (decision 0024), checked eagerly like every option: only this and the check
// "may this write be queued" are in the entry; the outbox itself loads with import() (./outbox/).
import { optionalFunction, optionalPositiveInteger } from '../validate-options';

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

export type ResolvedOutboxOptions = Required<{
  [K in keyof OutboxOptions]: Exclude<OutboxOptions[K], undefined>;
}>;

const queuedMethods = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** The default `match`: the four write methods, same-origin (no page origin: any). */
function sameOriginWrite(request: Request): boolean {
  const page = (globalThis as { location?: { origin?: string } }).location?.origin;
  return (
    queuedMethods.includes(request.method) &&
    (!page || page === 'null' || new URL(request.url).origin === page)
  );
}

/** Undefined when the outbox is off; throws a TypeError naming the option when it is wrong. */
export function resolveOutboxOptions(value: unknown): ResolvedOutboxOptions | undefined {
  if (value === undefined || value === false) return undefined;
  const given = (value === true ? {} : value) as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!['match', 'maxEntries', 'maxBytes', 'maxAttempts', 'maxAgeMs'].includes(name)) {
      throw new TypeError(`unknown option options.outbox.${name}`);
    }
  }
  const limit = (name: string, fallback: number) =>
    optionalPositiveInteger(`outbox.${name}`, given[name]) ?? fallback;
  return {
    match:
      optionalFunction('outbox.match', given.match as OutboxOptions['match']) ?? sameOriginWrite,
    maxEntries: limit('maxEntries', 500),
    maxBytes: limit('maxBytes', 10 * 1024 * 1024),
    maxAttempts: limit('maxAttempts', 10),
    maxAgeMs: limit('maxAgeMs', 7 * 24 * 3600 * 1000),
  };
}
