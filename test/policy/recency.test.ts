import { describe, expect, it } from 'vitest';
import { mostRecent } from '../../src/policy/recency';
import { httpDate, SEC, stored, T0 } from './fixtures';

const item = (name: string, headers: Record<string, string>, responseTime: number) => ({
  name,
  response: stored(headers, { requestTime: responseTime, responseTime }),
});

describe('RFC 9111 §4.1, §4.3.4 the most recent stored response', () => {
  it('none of nothing', () => {
    expect(mostRecent([])).toBeUndefined();
  });

  it('the latest Date wins over a later response time', () => {
    const a = item('a', { date: httpDate(T0 + 60 * SEC) }, T0);
    const b = item('b', { date: httpDate(T0) }, T0 + 120 * SEC);
    expect(mostRecent([b, a])?.name).toBe('a');
  });

  it('a missing or invalid Date counts as the response time', () => {
    const a = item('a', {}, T0 + 30 * SEC);
    const b = item('b', { date: httpDate(T0 + 20 * SEC) }, T0 + 20 * SEC);
    const c = item('c', { date: 'garbage' }, T0 + 10 * SEC);
    expect(mostRecent([c, b, a])?.name).toBe('a');
  });

  it('equal Dates and response times: the first listed', () => {
    const a = item('a', { date: httpDate(T0) }, T0);
    const b = item('b', { date: httpDate(T0) }, T0);
    expect(mostRecent([a, b])?.name).toBe('a');
    expect(mostRecent([b, a])?.name).toBe('b');
  });
});
