// The inspector's live counters, driven by the cache's events.
import { describe, expect, it } from 'vitest';
import { type CacheEventMap, CacheEvents } from '../../src/fetch/context/events';
import type { CacheHandle } from '../../src/index';
import { LiveCounters } from '../../src/inspector/counters';

/** Just the events of a cache handle, with a way to emit them (also `stale`, by name). */
function eventsOnly() {
  const events = new CacheEvents();
  const handle = {
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
  } as unknown as CacheHandle;
  const emit = <T extends keyof CacheEventMap>(type: T, event: CacheEventMap[T]) =>
    events.emit(type, event);
  const emitStale = (event: { url: string; reason: string }) =>
    (events.emit as (type: string, event: unknown) => void)('stale', event);
  return { handle, emit, emitStale };
}

const url = 'https://api.test/a';

describe('LiveCounters', () => {
  it('counts hits, misses, 304s and their bytes; the hit ratio is hits among lookups', () => {
    const { handle, emit } = eventsOnly();
    const counters = new LiveCounters(handle, () => {});
    emit('miss', { url, reason: 'uri-miss' });
    emit('stored', { url, bytes: 300 });
    emit('hit', { url, status: 200, ageSec: 1, stale: false });
    emit('hit', { url, status: 200, ageSec: 2, stale: false });
    emit('revalidated', { url, background: false });
    expect(counters.values).toMatchObject({
      hits: 2,
      misses: 1,
      revalidated: 1,
      bytesFromCache: 600,
      hitRatio: 0.5,
    });
  });

  it('a stale stand-in after a failure is a lookup, not a hit', () => {
    const { handle, emit, emitStale } = eventsOnly();
    const counters = new LiveCounters(handle, () => {});
    emit('hit', { url, status: 200, ageSec: 1, stale: false });
    emitStale({ url, reason: 'offline' });
    expect(counters.values).toMatchObject({ hits: 1, standIns: 1, hitRatio: 0.5 });
  });

  it('a background (stale-while-revalidate) refresh is part of a hit already counted', () => {
    const { handle, emit } = eventsOnly();
    const counters = new LiveCounters(handle, () => {});
    emit('hit', { url, status: 200, ageSec: 70, stale: true });
    emit('updated', { url, headers: new Headers(), background: true });
    expect(counters.values).toMatchObject({ hits: 1, updated: 1, hitRatio: 1 });
  });

  it('learns body sizes from a listing, by request and response URL', () => {
    const { handle, emit } = eventsOnly();
    const counters = new LiveCounters(handle, () => {});
    counters.learnSizes([{ url: 'https://api.test/landed', requestUrl: url, bodySize: 42 }]);
    emit('hit', { url, status: 200, ageSec: 1, stale: false });
    expect(counters.values.bytesFromCache).toBe(42);
  });

  it('hits before the first listing (a reload) count their bytes once the listing tells them', () => {
    const { handle, emit } = eventsOnly();
    const counters = new LiveCounters(handle, () => {});
    emit('hit', { url, status: 200, ageSec: 1, stale: false });
    emit('hit', { url, status: 200, ageSec: 2, stale: false });
    expect(counters.values.bytesFromCache).toBe(0);
    counters.learnSizes([{ url, requestUrl: url, bodySize: 42 }]);
    expect(counters.values.bytesFromCache).toBe(84);
    // Counted once: a later listing adds nothing for them.
    counters.learnSizes([{ url, requestUrl: url, bodySize: 42 }]);
    emit('hit', { url, status: 200, ageSec: 3, stale: false });
    expect(counters.values.bytesFromCache).toBe(126);
  });

  it('has no hit ratio before the first lookup; reset() and dispose() stop counting', () => {
    const { handle, emit } = eventsOnly();
    let changes = 0;
    const counters = new LiveCounters(handle, () => changes++);
    expect(counters.values.hitRatio).toBeNull();
    emit('miss', { url, reason: 'uri-miss' });
    counters.reset();
    expect(counters.values).toMatchObject({ misses: 0, hitRatio: null });
    counters.dispose();
    emit('miss', { url, reason: 'uri-miss' });
    expect(counters.values.misses).toBe(0);
    expect(changes).toBe(1);
  });
});
