// The store deadline's one timer (pitfall 11): every lookup that waits too long gives up at its own
// due time, and many lookups arm one timer, not one each (issue 12: a timer per lookup was a
// measurable share of a cold hit).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lookupDeadline } from '../../src/fetch/storage/lookup-deadline';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const never = () => new Promise<never>(() => {});

/** Whether `promise` has settled, and how. */
function observe<T>(promise: Promise<T>) {
  const seen: { state: 'pending' | 'resolved' | 'rejected'; value?: unknown } = {
    state: 'pending',
  };
  promise.then(
    (value) => Object.assign(seen, { state: 'resolved', value }),
    (error: unknown) => Object.assign(seen, { state: 'rejected', value: error }),
  );
  return seen;
}

describe('lookupDeadline', () => {
  it('settles as the work does when it answers in time', async () => {
    const withinDeadline = lookupDeadline(5_000);
    await expect(withinDeadline(Promise.resolve('read'))).resolves.toBe('read');
    await expect(withinDeadline(Promise.reject(new Error('failed')))).rejects.toThrow('failed');
  });

  it('gives up on each stalled lookup at its own due time, with a TimeoutError', async () => {
    const withinDeadline = lookupDeadline(5_000);
    const first = observe(withinDeadline(never()));
    await vi.advanceTimersByTimeAsync(2_000);
    const second = observe(withinDeadline(never()));
    await vi.advanceTimersByTimeAsync(2_999);
    expect([first.state, second.state]).toEqual(['pending', 'pending']);
    await vi.advanceTimersByTimeAsync(1);
    expect(first.state).toBe('rejected');
    expect(first.value).toMatchObject({ name: 'TimeoutError' });
    expect(second.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(1_999);
    expect(second.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(second.state).toBe('rejected');
  });

  it('a thousand lookups in a row arm one timer', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const withinDeadline = lookupDeadline(5_000);
    for (let i = 0; i < 1_000; i++) await withinDeadline(Promise.resolve(i));
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    // When it fires with nothing waiting, it is not armed again.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('lookupDeadline and the wall clock', () => {
  it('a wall clock set back does not hold a stalled lookup past its deadline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
    const withinDeadline = lookupDeadline(5_000);
    const stalled = observe(withinDeadline(never()));
    vi.setSystemTime(Date.now() - 60_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(stalled.state).toBe('rejected');
  });
});
