// Issue 22: the `outbox` option is checked eagerly, like every option (a TypeError naming it).
import { describe, expect, it } from 'vitest';
import { createCachedFetch } from '../../../src/index';

describe('outbox option', () => {
  it.each([
    ['yes', /expected options\.outbox to be a boolean or an object, got "yes"/],
    [null, /expected options\.outbox to be a boolean or/],
    [{ maxEntries: 0 }, /expected options\.outbox\.maxEntries to be a positive integer, got 0/],
    [{ maxBytes: 1.5 }, /expected options\.outbox\.maxBytes to be a positive integer/],
    [{ maxAttempts: -1 }, /expected options\.outbox\.maxAttempts to be a positive integer/],
    [{ maxAgeMs: '1' }, /expected options\.outbox\.maxAgeMs to be a positive integer, got "1"/],
    [{ match: 'POST' }, /expected options\.outbox\.match to be a function/],
    [{ retries: 3 }, /unknown option options\.outbox\.retries/],
  ])('outbox: %j throws a TypeError naming it', (outbox, message) => {
    expect(() => createCachedFetch({ outbox } as never)).toThrow(TypeError);
    expect(() => createCachedFetch({ outbox } as never)).toThrow(message);
  });

  it('true, false, undefined and a full object are accepted; the handle exists only when on', () => {
    expect(createCachedFetch({ outbox: false }).cache.outbox).toBeUndefined();
    expect(createCachedFetch({ outbox: undefined }).cache.outbox).toBeUndefined();
    const on = createCachedFetch({
      outbox: { match: () => true, maxEntries: 1, maxBytes: 1, maxAttempts: 1, maxAgeMs: 1 },
    });
    expect(Object.keys(on.cache.outbox!).sort()).toEqual([
      'discard',
      'flush',
      'list',
      'result',
      'retry',
      'settled',
    ]);
  });
});
