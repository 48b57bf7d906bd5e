import { describe, expect, it } from 'vitest';
import {
  combinable,
  completedResponse,
  partialSecondaryKey,
  rangeResponseHead,
  selectPartial,
} from '../../src/policy/partial-content';
import type { StoredResponse } from '../../src/policy/snapshot';
import { selectVariant } from '../../src/policy/vary';
import { req, stored } from './fixtures';

function part(etag: string, completeLength: number | null = 26): StoredResponse {
  return {
    ...stored({ etag, 'content-range': 'bytes 0-9/26', 'content-length': '10' }, { status: 206 }),
    partial: { completeLength, segments: [{ start: 0, end: 9 }] },
  };
}

describe('RFC 9111 §3.3 stored partial content', () => {
  it('is never selected for a request without Range (RFC 9110 §14.2), only by a Range request', () => {
    const response = part('"a"');
    const entry = { secondaryKey: partialSecondaryKey(response.vary, []), response };
    expect(selectVariant([entry], req())).toBeUndefined();
    expect(selectPartial([entry], [])).toBe(entry);
  });
});

describe('RFC 9111 §3.4 combining a new 206 with stored parts', () => {
  it.each([
    ['the same strong validator', '"a"', '"a"', 26, true],
    ['another validator', '"a"', '"b"', 26, false],
    ['weak validators', 'W/"a"', 'W/"a"', 26, false],
    ['another complete length', '"a"', '"a"', 27, false],
  ] as const)('%s: %s', (_what, a, b, length, expected) => {
    expect(combinable(part(a), part(b, length))).toBe(expected);
  });

  it('decision 0018: parts fetched with other credentials never combine', () => {
    const alice = { ...part('"a"'), credentials: 'hmac:alice' };
    expect(combinable(alice, { ...part('"a"'), credentials: 'hmac:alice' })).toBe(true);
    expect(combinable(alice, { ...part('"a"'), credentials: 'hmac:bob' })).toBe(false);
    expect(combinable(alice, part('"a"'))).toBe(false);
  });

  it('parts that add up to the whole are the complete 200', () => {
    const whole = completedResponse(part('"a"'), 26);
    expect(whole.status).toBe(200);
    expect(whole.partial).toBeUndefined();
    expect(whole.headers).toContainEqual(['content-length', '26']);
    expect(whole.headers.some(([name]) => name === 'content-range')).toBe(false);
  });
});

describe('RFC 9110 §15.3.7 a 206 built from stored bytes', () => {
  it('carries the stored fields with the range’s Content-Range and Content-Length', () => {
    const head = rangeResponseHead(
      stored({ etag: '"a"', 'content-length': '26' }),
      { start: 2, end: 5 },
      26,
    );
    expect(head.status).toBe(206);
    expect(head.headers).toEqual([
      ['etag', '"a"'],
      ['content-range', 'bytes 2-5/26'],
      ['content-length', '4'],
    ]);
  });
});
