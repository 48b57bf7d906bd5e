// install() on a page whose `fetch` cannot be replaced (read-only and not configurable): a
// TypeError, and nothing changed. Its own file: the page's `fetch` stays locked afterwards.
import { describe, expect, it } from 'vitest';

describe('install() that throws changes nothing', () => {
  it('a read-only, non-configurable fetch: TypeError, and no page cache keeps the failed options', async () => {
    const { cachedFetch, install, MemoryStore } = await import('../../src/index');
    const current = globalThis.fetch;
    Object.defineProperty(globalThis, 'fetch', {
      value: current,
      writable: false,
      configurable: false,
    });
    const partition = () => 'alice';
    expect(() => install({ partition, store: new MemoryStore(), crossTab: false })).toThrow(
      /read-only and not configurable/,
    );
    // The default instance was not created with the rejected call's options.
    let second: unknown;
    try {
      install({ crossTab: false });
    } catch (error) {
      second = error;
    }
    expect(String(second)).not.toContain('other options');
    expect(cachedFetch.cache).toBeDefined();
  });
});
