// The outbox's limits: what the `outbox` option gave (checked by ../outbox-options), else these.
import type { OutboxOptions } from '../context/outbox-options';

export interface OutboxLimitsInForce {
  maxEntries: number;
  maxBytes: number;
  maxAttempts: number;
  maxAgeMs: number;
}

const defaults: OutboxLimitsInForce = {
  maxEntries: 500,
  maxBytes: 10 * 1024 * 1024,
  maxAttempts: 10,
  maxAgeMs: 7 * 24 * 3600 * 1000,
};

export function outboxLimits(given: OutboxOptions): OutboxLimitsInForce {
  const limits = { ...defaults };
  for (const name of Object.keys(defaults) as (keyof OutboxLimitsInForce)[]) {
    limits[name] = given[name] ?? defaults[name];
  }
  return limits;
}
