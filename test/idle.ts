// Waiting without a clock, for tests that assert something has NOT happened (yet).

/**
 * Lets every callback that can run now run (one turn of the event loop): for a test that asserts
 * something has not happened yet, e.g. that a lookup waits for a write the test holds.
 */
export function untilIdle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
