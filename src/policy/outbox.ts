// What the outbox does with a queued write's answer, and when it tries again: pure policy, `now`
// as a parameter (decision 0024).
import { parseHttpDate } from './headers';

/** What one attempt at a queued write came to. */
export type AttemptOutcome =
  /** A 2xx: the origin applied it (or, by its Idempotency-Key, had already). */
  | 'sent'
  /** A 4xx the origin will answer the same way again: final, never retried. */
  | 'rejected'
  /** The origin could not take it now: a network error, a 5xx, 408, 425 or 429. */
  | 'retry';

/**
 * RFC 9110 §15.5.9 (408), RFC 8470 §5.2 (425), RFC 6585 §4 (429): the request may succeed when
 * repeated; every other 4xx says the request itself is wrong, so repeating it cannot help.
 */
const retryableClientErrors = new Set([408, 425, 429]);

/** The outcome of an attempt that got a response with `status` (a network error is `retry`). */
export function attemptOutcome(status: number): AttemptOutcome {
  if (status >= 200 && status < 300) return 'sent';
  if (status >= 500 || retryableClientErrors.has(status)) return 'retry';
  // 1xx never reach fetch; a 3xx a redirect: 'manual' fetch left is the origin's final answer.
  return 'rejected';
}

/**
 * The gateway statuses that, like a network error, say the origin was not reached (the same three
 * `offline: 'stale'` treats as unreachable): a write answered so is queued.
 */
export function isUnreachableStatus(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}

/**
 * RFC 9110 §15.5.10 (409 Conflict) and §15.5.13 (412 Precondition Failed): the resource changed
 * since the write was made; the app, not a retry, resolves it.
 */
export function isConflict(status: number): boolean {
  return status === 409 || status === 412;
}

/** First retry delay, and the most any backoff waits (before jitter). */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * Milliseconds before the next attempt after `attempts` failed ones: exponential backoff (base
 * 1 s, doubling, capped at 5 min) with "full jitter" (a uniform draw in [half, whole] of it, so
 * tabs and devices that failed together do not retry together). `random` is in [0, 1).
 */
export function backoffMs(attempts: number, random: number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/**
 * RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date. The epoch ms before which the
 * origin asked not to be asked again, or undefined when the field is absent or unreadable.
 */
export function retryAfterAt(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return now + Number(text) * 1000;
  const date = parseHttpDate(text, now);
  return date === null ? undefined : Math.max(date, now);
}

/**
 * Whether a write that failed again must stop being retried: after `maxAttempts` attempts, or
 * once it has waited longer than `maxAgeMs` since it was queued (or last put back by `retry(id)`).
 */
export function retriesExhausted(
  item: { attempts: number; since: number },
  limits: { maxAttempts: number; maxAgeMs: number },
  now: number,
): 'attempts' | 'age' | undefined {
  if (item.attempts >= limits.maxAttempts) return 'attempts';
  if (now - item.since >= limits.maxAgeMs) return 'age';
  return undefined;
}
