// A simulated clock shared by the origin (its Date and Last-Modified headers) and the cache (its
// `now` option), so "a minute later" is one call instead of a minute of sleeping.

export interface SimulatedClock {
  /** Epoch milliseconds on the simulated clock. */
  now(): number;
  /** Moves the clock forward. */
  advance(seconds: number): void;
  /** Seconds since the demo started, on the simulated clock. */
  elapsedSec(): number;
}

/** Starts at a whole second, so Age and TTL arithmetic against HTTP dates is exact. */
export function simulatedClock(start = Math.floor(Date.now() / 1000) * 1000): SimulatedClock {
  let time = start;
  return {
    now: () => time,
    advance(seconds) {
      time += seconds * 1000;
    },
    elapsedSec: () => (time - start) / 1000,
  };
}

/** An HTTP date (RFC 9110 §5.6.7) on the simulated clock. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
