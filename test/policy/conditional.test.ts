import { describe, expect, it } from 'vitest';
import { conditionalHeaders } from '../../src/policy/conditional';
import { httpDate, stored, T0 } from './fixtures';

const lastModified = 'Sun, 06 Nov 1994 08:49:37 GMT';

describe('RFC 9111 §4.3.1 Sending a Validation Request', () => {
  it('If-None-Match with the ETag, If-Modified-Since with the Last-Modified', () => {
    const selected = stored({ etag: '"a"', 'last-modified': lastModified, date: httpDate(T0) });
    expect(conditionalHeaders(selected, [selected])).toEqual([
      ['if-none-match', '"a"'],
      ['if-modified-since', lastModified],
    ]);
  });

  it("every variant's ETag, the selected one's first, each once, weak ones too", () => {
    const selected = stored({ etag: '"b"' });
    const variants = [
      stored({ etag: 'W/"a"' }),
      selected,
      stored({ etag: '"b"' }),
      stored({}),
      stored({ etag: '"c"' }),
    ];
    expect(conditionalHeaders(selected, variants)).toEqual([['if-none-match', '"b", W/"a", "c"']]);
  });

  it("another variant's ETag even when the selected one has none", () => {
    const selected = stored({ 'last-modified': lastModified });
    expect(conditionalHeaders(selected, [selected, stored({ etag: '"x"' })])).toEqual([
      ['if-none-match', '"x"'],
      ['if-modified-since', lastModified],
    ]);
  });

  it("If-Modified-Since is the selected one's Last-Modified, not another variant's", () => {
    const selected = stored({ etag: '"a"' });
    expect(
      conditionalHeaders(selected, [selected, stored({ 'last-modified': lastModified })]),
    ).toEqual([['if-none-match', '"a"']]);
  });

  it('never Date as If-Modified-Since', () => {
    const selected = stored({ date: httpDate(T0) });
    expect(conditionalHeaders(selected, [selected])).toEqual([]);
  });

  it('an invalid Last-Modified is not sent', () => {
    const selected = stored({ 'last-modified': 'yesterday' });
    expect(conditionalHeaders(selected, [selected])).toEqual([]);
  });

  it('no validators: no headers', () => {
    expect(conditionalHeaders(stored({}), [])).toEqual([]);
  });
});
