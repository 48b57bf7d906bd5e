import { describe, expect, it } from 'vitest';
import { modeRequestHeaders } from '../../src/policy/mode-headers';

describe('Fetch "HTTP-network-or-cache fetch": the header fields of a cache mode', () => {
  it.each([
    ['no-cache adds Cache-Control: max-age=0', 'no-cache', {}, [['cache-control', 'max-age=0']]],
    ['no-cache keeps the caller’s Cache-Control', 'no-cache', { 'cache-control': 'max-stale' }, []],
    [
      'reload adds Pragma and Cache-Control: no-cache',
      'reload',
      {},
      [
        ['pragma', 'no-cache'],
        ['cache-control', 'no-cache'],
      ],
    ],
    [
      'no-store adds Pragma and Cache-Control: no-cache',
      'no-store',
      {},
      [
        ['pragma', 'no-cache'],
        ['cache-control', 'no-cache'],
      ],
    ],
    [
      'reload keeps the caller’s Pragma',
      'reload',
      { pragma: 'x' },
      [['cache-control', 'no-cache']],
    ],
    ['default adds Cache-Control: max-stale=0', 'default', {}, [['cache-control', 'max-stale=0']]],
    [
      'force-cache adds Cache-Control: max-stale=0',
      'force-cache',
      {},
      [['cache-control', 'max-stale=0']],
    ],
    [
      'only-if-cached adds Cache-Control: max-stale=0',
      'only-if-cached',
      {},
      [['cache-control', 'max-stale=0']],
    ],
    ['default keeps the caller’s Cache-Control', 'default', { 'cache-control': 'max-age=5' }, []],
    ['default adds no Pragma', 'default', { 'cache-control': 'no-transform' }, []],
  ] as const)('%s', (_what, mode, headers, expected) => {
    expect(modeRequestHeaders(mode, Object.entries(headers))).toEqual(expected);
  });
});
