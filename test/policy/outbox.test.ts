// The outbox's pure policy: what an attempt's status means, backoff with jitter, Retry-After.
import { describe, expect, it } from 'vitest';
import {
  attemptOutcome,
  BACKOFF_CAP_MS,
  backoffMs,
  isConflict,
  isUnreachableStatus,
  retriesExhausted,
  retryAfterAt,
} from '../../src/policy/outbox';

describe('outbox policy', () => {
  it('2xx sent; 408, 425, 429 and 5xx retried; every other 4xx and 3xx final', () => {
    expect([200, 201, 204, 299].map(attemptOutcome)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect([408, 425, 429, 500, 503, 599].map(attemptOutcome)).toEqual(Array(6).fill('retry'));
    expect([400, 401, 403, 404, 409, 412, 422, 302].map(attemptOutcome)).toEqual(
      Array(8).fill('rejected'),
    );
  });

  it('502, 503, 504 are unreachable; 409 and 412 conflicts', () => {
    expect([500, 502, 503, 504, 501].map(isUnreachableStatus)).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
    expect([409, 412, 400].map(isConflict)).toEqual([true, true, false]);
  });

  it('backoff doubles from 1 s up to 5 min, with jitter between half and all of it', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 0.999999))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(40, 0.999999)).toBe(BACKOFF_CAP_MS);
    expect(backoffMs(40, 0)).toBe(BACKOFF_CAP_MS / 2);
  });

  it('RFC 9110 §10.2.3 Retry-After: delay-seconds or an HTTP-date; anything else ignored', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(retryAfterAt('1', now)).toBe(now + 1000);
    expect(retryAfterAt(' 120 ', now)).toBe(now + 120_000);
    expect(retryAfterAt('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(now + 30_000);
    expect(retryAfterAt('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(now);
    expect(retryAfterAt('soon', now)).toBeUndefined();
    expect(retryAfterAt('-1', now)).toBeUndefined();
    expect(retryAfterAt(null, now)).toBeUndefined();
  });

  it('retries run out at maxAttempts, or at maxAgeMs since the write was queued', () => {
    const limits = { maxAttempts: 3, maxAgeMs: 1000 };
    expect(retriesExhausted({ attempts: 2, since: 0 }, limits, 999)).toBeUndefined();
    expect(retriesExhausted({ attempts: 3, since: 0 }, limits, 0)).toBe('attempts');
    expect(retriesExhausted({ attempts: 1, since: 0 }, limits, 1000)).toBe('age');
  });
});
