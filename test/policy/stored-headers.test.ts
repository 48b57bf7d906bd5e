import { describe, expect, it } from 'vitest';
import type { HeaderList } from '../../src/policy/snapshot';
import { hopByHopNames, storedHeaders } from '../../src/policy/stored-headers';

describe('Set-Cookie and Set-Cookie2 are never stored (per-client state, RFC 6265 §3)', () => {
  it('drops every line of both, whatever their case, keeping the rest in order', () => {
    expect(
      storedHeaders([
        ['set-cookie', 'session=visitor-1; HttpOnly'],
        ['etag', '"1"'],
        ['Set-Cookie', 'theme=dark'],
        ['SET-COOKIE2', 'legacy=1'],
        ['x-set-cookie', 'kept'],
      ]),
    ).toEqual([
      ['etag', '"1"'],
      ['x-set-cookie', 'kept'],
    ]);
  });
});

describe('RFC 9111 §3.1 hop-by-hop fields are not stored', () => {
  it.each(['connection', 'keep-alive', 'proxy-connection', 'te', 'transfer-encoding', 'upgrade'])(
    '%s is dropped',
    (name) => {
      expect(
        storedHeaders([
          [name, 'x'],
          ['etag', '"1"'],
        ]),
      ).toEqual([['etag', '"1"']]);
    },
  );

  it('every field that Connection lists is dropped, whatever its case and spacing', () => {
    const headers: HeaderList = [
      ['connection', ' X-Trace ,, close'],
      ['x-trace', '1'],
      ['close', '?'],
      ['connection', 'X-Other'],
      ['x-other', '2'],
      ['x-kept', '3'],
    ];
    expect(storedHeaders(headers)).toEqual([['x-kept', '3']]);
    expect(hopByHopNames(headers)).toEqual(
      new Set([
        'connection',
        'keep-alive',
        'proxy-connection',
        'te',
        'transfer-encoding',
        'upgrade',
        'x-trace',
        'close',
        'x-other',
      ]),
    );
  });

  it('every other field is kept exactly as received, in order, repeated lines included', () => {
    const headers: HeaderList = [
      ['content-type', 'text/html'],
      ['Cache-Control', ' max-age=60 '],
      ['x-a', '1'],
      ['x-a', '2'],
      ['Transfer-Encoding', 'chunked'],
      ['date', 'Mon, 01 Jan 2024 00:00:00 GMT'],
    ];
    expect(storedHeaders(headers)).toEqual([
      ['content-type', 'text/html'],
      ['Cache-Control', ' max-age=60 '],
      ['x-a', '1'],
      ['x-a', '2'],
      ['date', 'Mon, 01 Jan 2024 00:00:00 GMT'],
    ]);
  });

  it('returns copies: changing the result leaves the input alone', () => {
    const headers: HeaderList = [['x-a', '1']];
    const result = storedHeaders(headers);
    result[0]![1] = 'changed';
    expect(headers).toEqual([['x-a', '1']]);
  });
});
