// A settable clock for tests: the cache takes `now` as an option, so no fake timers are needed.
export interface Clock {
  now: () => number;
  advance(ms: number): void;
}

/** Starts on a whole second, so Age and TTL arithmetic is exact. */
export function fixedClock(start = Date.UTC(2026, 0, 1)): Clock {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}
