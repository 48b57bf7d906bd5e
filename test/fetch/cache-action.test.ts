// What the cache did (CacheAction) → the Cache-Status member (RFC 9211) and the event: one mapping,
// pure, for every kind. The strings are the ones the end-to-end tests pin.
import { describe, expect, it } from 'vitest';
import { CacheEvents } from '../../src/fetch/context/events';
import { type CacheAction, eventOf, reportAction } from '../../src/fetch/response/cache-action';
import { formatCacheStatus } from '../../src/policy/cache-status';

const url = 'https://api.test/x';

const cases: Array<[CacheAction, string, ReturnType<typeof eventOf>]> = [
  [
    { kind: 'hit', hit: true, status: 200, ageSec: 2, stale: false },
    'cached-fetch; hit',
    ['hit', { url, status: 200, ageSec: 2, stale: false }],
  ],
  [
    { kind: 'hit', hit: true, detail: 'max-stale', status: 200, ageSec: 90, stale: true },
    'cached-fetch; hit; detail="max-stale"',
    ['hit', { url, status: 200, ageSec: 90, stale: true }],
  ],
  [
    { kind: 'miss', fwd: 'uri-miss', fwdStatus: 200, stored: true },
    'cached-fetch; fwd=uri-miss; fwd-status=200; stored',
    ['miss', { url, reason: 'uri-miss' }],
  ],
  [
    { kind: 'miss', fwd: 'vary-miss', fwdStatus: 200 },
    'cached-fetch; fwd=vary-miss; fwd-status=200',
    ['miss', { url, reason: 'vary-miss' }],
  ],
  [
    { kind: 'miss', fwd: 'request', fwdStatus: 200, stored: true },
    'cached-fetch; fwd=request; fwd-status=200; stored',
    ['miss', { url, reason: 'reload' }],
  ],
  [
    { kind: 'miss', fwd: 'uri-miss', detail: 'body-missing', fwdStatus: 200, stored: true },
    'cached-fetch; fwd=uri-miss; fwd-status=200; stored; detail="body-missing"',
    ['miss', { url, reason: 'uri-miss' }],
  ],
  [
    { kind: 'miss', fwd: 'partial', fwdStatus: 206, stored: true },
    'cached-fetch; fwd=partial; fwd-status=206; stored',
    undefined,
  ],
  [
    { kind: 'miss', fwd: 'miss', fwdStatus: 200 },
    'cached-fetch; fwd=miss; fwd-status=200',
    undefined,
  ],
  [
    { kind: 'not-modified', fwd: 'stale', fwdStatus: 304, background: false },
    'cached-fetch; fwd=stale; fwd-status=304',
    ['revalidated', { url, background: false }],
  ],
  [
    { kind: 'not-modified', fwd: 'request', fwdStatus: 304, background: true },
    'cached-fetch; fwd=request; fwd-status=304',
    ['revalidated', { url, background: true }],
  ],
  [
    { kind: 'replaced', fwd: 'stale', fwdStatus: 200, stored: true },
    'cached-fetch; fwd=stale; fwd-status=200; stored',
    undefined,
  ],
  [
    { kind: 'stand-in', fwd: 'stale', detail: 'stale-if-error', fwdStatus: 503 },
    'cached-fetch; fwd=stale; fwd-status=503; detail="stale-if-error"',
    ['stale', { url, reason: 'stale-if-error', status: 503 }],
  ],
  [
    { kind: 'stand-in', fwd: 'stale', detail: 'offline', fwdStatus: undefined },
    'cached-fetch; fwd=stale; detail="offline"',
    ['stale', { url, reason: 'offline' }],
  ],
  [
    { kind: 'passed', fwd: 'method', fwdStatus: 201 },
    'cached-fetch; fwd=method; fwd-status=201',
    undefined,
  ],
  [
    { kind: 'passed', fwd: 'bypass', fwdStatus: 200 },
    'cached-fetch; fwd=bypass; fwd-status=200',
    undefined,
  ],
  [
    { kind: 'only-if-cached', detail: 'only-if-cached' },
    'cached-fetch; detail="only-if-cached"',
    undefined,
  ],
];

describe('RFC 9211 §2 Cache-Status is the action, formatted', () => {
  it.each(cases)('%o → %s', (action, header) => {
    expect(formatCacheStatus(action)).toBe(header);
  });

  it('ttl and collapsed are added per caller, after the action’s parameters', () => {
    const action: CacheAction = { kind: 'miss', fwd: 'uri-miss', fwdStatus: 200, stored: true };
    expect(formatCacheStatus({ ...action, ttlSec: 60, collapsed: true })).toBe(
      'cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=60; collapsed',
    );
  });
});

describe('the event each action is told by', () => {
  it.each(cases)('%o → %o', (action, _header, event) => {
    expect(eventOf(action, url)).toStrictEqual(event);
  });

  it('reportAction emits that event, and nothing for an action that has none', () => {
    const events = new CacheEvents();
    const seen: unknown[] = [];
    events.addEventListener('hit', (event) => seen.push(['hit', event]));
    events.addEventListener('miss', (event) => seen.push(['miss', event]));
    reportAction(events, url, { kind: 'hit', hit: true, status: 206, ageSec: 0, stale: false });
    reportAction(events, url, { kind: 'miss', fwd: 'partial' });
    reportAction(events, url, { kind: 'passed', fwd: 'method' });
    expect(seen).toEqual([['hit', { url, status: 206, ageSec: 0, stale: false }]]);
  });
});
