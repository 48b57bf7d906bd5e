// How the inspector writes bodies, sizes and freshness.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatSeconds, freshShare, previewBody } from '../../src/inspector/format';

const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

describe('previewBody', () => {
  it('pretty-prints JSON, also +json types', () => {
    expect(previewBody(bytes('{"a":1}'), 'application/json; charset=utf-8')).toBe('{\n  "a": 1\n}');
    expect(previewBody(bytes('{"a":1}'), 'application/problem+json')).toBe('{\n  "a": 1\n}');
  });

  it('shows invalid JSON and other text as it is, cut at 4,000 characters', () => {
    expect(previewBody(bytes('{oops'), 'application/json')).toBe('{oops');
    const long = previewBody(bytes('x'.repeat(5000)), 'text/plain');
    expect(long.startsWith('x'.repeat(4000))).toBe(true);
    expect(long).toContain('… (5.0 kB in all)');
  });

  it('shows binary bodies as their type, size and first bytes', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]).buffer;
    expect(previewBody(png, 'image/png')).toBe('image/png, 4 B: 89 50 4e 47');
    expect(previewBody(new ArrayBuffer(40), null)).toMatch(
      /^no content-type, 40 B: (00 ){31}00 …$/,
    );
    expect(previewBody(new ArrayBuffer(0), 'text/plain')).toBe('(empty body)');
  });
});

describe('sizes, durations and the freshness bar', () => {
  it('formats', () => {
    expect([formatBytes(999), formatBytes(1500), formatBytes(2_500_000)]).toEqual([
      '999 B',
      '1.5 kB',
      '2.5 MB',
    ]);
    expect([
      formatSeconds(59),
      formatSeconds(600),
      formatSeconds(7200),
      formatSeconds(200_000),
    ]).toEqual(['59 s', '10 min', '2 h', '2 d']);
  });

  it('is the share of the lifetime left, 0 once stale or without freshness', () => {
    expect(freshShare(15, 45)).toBe(0.75);
    expect(freshShare(70, -10)).toBe(0);
    expect(freshShare(0, 0)).toBe(0);
  });
});
