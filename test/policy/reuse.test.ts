import { describe, expect, it } from 'vitest';
import { decideReuse, type ReuseDecision, type RevalidateReason } from '../../src/policy/reuse';
import { httpDate, req, SEC, stored, T0 } from './fixtures';

const date = httpDate(T0);

/** Decide for a response stored at T0 with this Cache-Control, `elapsedSec` later. */
function decide(
  responseCacheControl: string,
  elapsedSec: number,
  requestHeaders: Record<string, string> = {},
  mode: RequestCache = 'default',
): ReuseDecision {
  const response = stored({ date, 'cache-control': responseCacheControl });
  return decideReuse(response, req(requestHeaders, { mode }), T0 + elapsedSec * SEC);
}

type StaleWhy = 'max-stale' | 'force-cache' | 'only-if-cached';
const fresh = (ageSec: number): ReuseDecision => ({ kind: 'fresh', ageMs: ageSec * SEC });
const staleAllowed = (ageSec: number, why: StaleWhy): ReuseDecision => ({
  kind: 'stale-allowed',
  ageMs: ageSec * SEC,
  why,
});
const swr = (ageSec: number): ReuseDecision => ({
  kind: 'stale-while-revalidate',
  ageMs: ageSec * SEC,
});
const revalidate = (ageSec: number, why: RevalidateReason): ReuseDecision => ({
  kind: 'revalidate',
  ageMs: ageSec * SEC,
  why,
});
const cc = (value: string) => ({ 'cache-control': value });

type Row = [
  what: string,
  response: string,
  elapsedSec: number,
  request: Record<string, string>,
  mode: RequestCache,
  expected: ReuseDecision,
];

function check(
  _what: string,
  response: string,
  elapsed: number,
  request: Record<string, string>,
  mode: RequestCache,
  expected: ReuseDecision,
) {
  expect(decide(response, elapsed, request, mode)).toEqual(expected);
}

describe('RFC 9111 §4.2 a fresh response is reused, a stale one is validated', () => {
  // biome-ignore format: one case per line reads as a table
  it.each<Row>([
    ['fresh halfway through its lifetime',                      'max-age=60',               30, {}, 'default', fresh(30)],
    ['fresh just before expiry',                                'max-age=60',               59, {}, 'default', fresh(59)],
    ['stale at age == lifetime (fresh needs lifetime > age)',   'max-age=60',               60, {}, 'default', revalidate(60, 'stale')],
    ['stale after expiry',                                      'max-age=60',               90, {}, 'default', revalidate(90, 'stale')],
    ['max-age=0 is stale at once',                              'max-age=0',                 0, {}, 'default', revalidate(0, 'stale')],
    ['a duplicate max-age is stale at once (RFC 9111 §4.2.1)',  'max-age=600, max-age=900',  1, {}, 'default', revalidate(1, 'stale')],
    ['a quoted max-age is stale at once',                       'max-age="600"',             1, {}, 'default', revalidate(1, 'stale')],
  ])('%s', check);

  it('ageMs includes the stored Age', () => {
    const response = stored({ date, age: '10', 'cache-control': 'max-age=60' });
    expect(decideReuse(response, req(), T0 + 5 * SEC)).toEqual(fresh(15));
  });
});

describe('Fetch cache modes force-cache and only-if-cached use any stored response', () => {
  // biome-ignore format: one case per line reads as a table
  it.each<Row>([
    ['force-cache, fresh',                                 'max-age=60',                   10, {},                                   'force-cache',    fresh(10)],
    ['force-cache, stale',                                 'max-age=60',                  600, {},                                   'force-cache',    staleAllowed(600, 'force-cache')],
    ['force-cache, past must-revalidate',                  'max-age=60, must-revalidate', 600, {},                                   'force-cache',    staleAllowed(600, 'force-cache')],
    ['force-cache, a no-cache response',                   'no-cache',                    600, {},                                   'force-cache',    staleAllowed(600, 'force-cache')],
    ['force-cache, despite request no-cache',              'max-age=60',                   10, cc('no-cache'),                       'force-cache',    fresh(10)],
    ['only-if-cached mode, fresh',                         'max-age=60',                   10, {},                                   'only-if-cached', fresh(10)],
    ['only-if-cached mode, stale',                         'max-age=60',                  600, {},                                   'only-if-cached', staleAllowed(600, 'only-if-cached')],
    ['only-if-cached directive (RFC 9111 §5.2.1.7), stale', 'max-age=60',                 600, cc('only-if-cached'),                 'default',        staleAllowed(600, 'only-if-cached')],
    ['only-if-cached directive, a no-cache response',      'no-cache',                      1, cc('only-if-cached, max-age=0'),      'default',        staleAllowed(1, 'only-if-cached')],
  ])('%s', check);
});

describe('Fetch mode no-cache and RFC 9111 §5.2.1.4 request no-cache revalidate', () => {
  // biome-ignore format: one case per line reads as a table
  it.each<Row>([
    ['mode no-cache, fresh',                                              'max-age=60',            10, {},                                         'no-cache', revalidate(10, 'mode-no-cache')],
    ['Cache-Control: no-cache, fresh',                                    'max-age=60',            10, cc('no-cache'),                             'default',  revalidate(10, 'request-no-cache')],
    ['Cache-Control: no-cache beats max-stale',                           'max-age=60',            90, cc('max-stale, no-cache'),                  'default',  revalidate(90, 'request-no-cache')],
    ['RFC 9111 §5.4 Pragma: no-cache without Cache-Control',              'max-age=60',            10, { pragma: 'no-cache' },                     'default',  revalidate(10, 'request-no-cache')],
    ['Pragma: NO-CACHE among other members',                              'max-age=60',            10, { pragma: 'x=1, NO-CACHE' },                'default',  revalidate(10, 'request-no-cache')],
    ['Pragma: no-cache is ignored when Cache-Control is present',         'max-age=60',            10, { pragma: 'no-cache', ...cc('max-stale') }, 'default',  fresh(10)],
    ['Pragma without no-cache',                                           'max-age=60',            10, { pragma: 'x' },                            'default',  fresh(10)],
  ])('%s', check);
});

describe('RFC 9111 §5.2.2.4 a no-cache response is always validated', () => {
  // biome-ignore format: one case per line reads as a table
  it.each<Row>([
    ['fresh',                                        'no-cache, max-age=600',                            10, {},              'default', revalidate(10, 'no-cache')],
    ['qualified no-cache="x" counts as no-cache',    'no-cache="set-cookie", max-age=600',               10, {},              'default', revalidate(10, 'no-cache')],
    ['even with request max-stale',                  'no-cache, max-age=60',                             90, cc('max-stale'), 'default', revalidate(90, 'no-cache')],
    ['even within stale-while-revalidate',           'no-cache, max-age=60, stale-while-revalidate=600', 90, {},              'default', revalidate(90, 'no-cache')],
    ['even when immutable',                          'no-cache, max-age=600, immutable',                 10, {},              'default', revalidate(10, 'no-cache')],
  ])('%s', check);
});

describe('RFC 9111 §5.2.1.1 request max-age and §5.2.1.3 min-fresh', () => {
  // biome-ignore format: one case per line reads as a table
  it.each<Row>([
    ['max-age below the age',                                         'max-age=600', 30, cc('max-age=10'),               'default', revalidate(30, 'request-max-age')],
    ['max-age equal to the age is acceptable',                        'max-age=600', 30, cc('max-age=30'),               'default', fresh(30)],
    ['max-age=0 at age 0 is acceptable',                              'max-age=600',  0, cc('max-age=0'),                'default', fresh(0)],
    ['max-age=0 at age 1',                                            'max-age=600',  1, cc('max-age=0'),                'default', revalidate(1, 'request-max-age')],
    ['an invalid max-age counts as 0',                                'max-age=600',  1, cc('max-age="3600"'),           'default', revalidate(1, 'request-max-age')],
    ['a duplicate max-age counts as 0',                               'max-age=600',  1, cc('max-age=3600, max-age=7200'), 'default', revalidate(1, 'request-max-age')],
    ['max-age: a stale response is refused even when young enough',   'max-age=60',  90, cc('max-age=3600'),             'default', revalidate(90, 'stale')],
    ['min-fresh met',                                                 'max-age=60',  30, cc('min-fresh=30'),             'default', fresh(30)],
    ['min-fresh not met',                                             'max-age=60',  30, cc('min-fresh=31'),             'default', revalidate(30, 'request-min-fresh')],
    ['an invalid min-fresh is never met',                             'max-age=60',   0, cc('min-fresh=-1'),             'default', revalidate(0, 'request-min-fresh')],
    ['min-fresh is not met by a stale response, max-stale or not',    'max-age=60',  90, cc('min-fresh=0, max-stale'),   'default', revalidate(90, 'request-min-fresh')],
  ])('%s', check);
});

describe('RFC 8246 §2 immutable: no revalidation while fresh', () => {
  // biome-ignore format: one case per line reads as a table
  it.each<Row>([
    ['despite request no-cache',                     'max-age=600, immutable', 10, cc('no-cache'),       'default', fresh(10)],
    ['despite Pragma: no-cache',                     'max-age=600, immutable', 10, { pragma: 'no-cache' }, 'default', fresh(10)],
    ['despite request max-age=0',                    'max-age=600, immutable', 10, cc('max-age=0'),      'default', fresh(10)],
    ['despite request min-fresh beyond the lifetime', 'max-age=600, immutable', 10, cc('min-fresh=9999'), 'default', fresh(10)],
    ['despite mode no-cache (a reload; decision 0010)', 'max-age=600, immutable', 10, {},                  'no-cache', fresh(10)],
    ['but mode no-cache validates a stale one',      'max-age=60, immutable',   90, {},                   'no-cache', revalidate(90, 'mode-no-cache')],
    ['but a stale immutable response is validated', 'max-age=60, immutable',   90, {},                   'default', revalidate(90, 'stale')],
  ])('%s', check);
});

describe('RFC 9111 §5.2.1.2 max-stale and §4.2.4 Serving Stale Responses', () => {
  // biome-ignore format: one case per line reads as a table
  it.each<Row>([
    ['max-stale without a value accepts any staleness', 'max-age=60',                  100_000, cc('max-stale'),                'default', staleAllowed(100_000, 'max-stale')],
    ['max-stale=n accepts staleness up to n',           'max-age=60',                       90, cc('max-stale=30'),             'default', staleAllowed(90, 'max-stale')],
    ['max-stale=0 accepts a response just expired',     'max-age=60',                       60, cc('max-stale=0'),              'default', staleAllowed(60, 'max-stale')],
    ['max-stale=n refuses staleness beyond n',          'max-age=60',                       91, cc('max-stale=30'),             'default', revalidate(91, 'stale')],
    ['max-stale with a young-enough request max-age',   'max-age=60',                       90, cc('max-age=3600, max-stale'),  'default', staleAllowed(90, 'max-stale')],
    ['max-stale does not override request max-age',     'max-age=60',                       90, cc('max-age=80, max-stale'),    'default', revalidate(90, 'request-max-age')],
    ['an invalid max-stale accepts nothing stale',      'max-age=60',                       61, cc('max-stale="600"'),          'default', revalidate(61, 'stale')],
    ['a negative max-stale accepts nothing stale',      'max-age=60',                       61, cc('max-stale=-1'),             'default', revalidate(61, 'stale')],
    ['a duplicate max-stale accepts nothing stale',     'max-age=60',                       61, cc('max-stale, max-stale=600'), 'default', revalidate(61, 'stale')],
    ['never past must-revalidate (RFC 9111 §5.2.2.2)',  'max-age=60, must-revalidate',      61, cc('max-stale'),                'default', revalidate(61, 'stale')],
    ['max-stale on a fresh response: fresh',            'max-age=60',                       10, cc('max-stale'),                'default', fresh(10)],
  ])('%s', check);
});

describe('RFC 5861 §3 stale-while-revalidate', () => {
  const swr30 = 'max-age=60, stale-while-revalidate=30';
  // biome-ignore format: one case per line reads as a table
  it.each<Row>([
    ['within the window',                                     swr30,                                                      70, {},                'default',  swr(70)],
    ['at the end of the window',                              swr30,                                                      90, {},                'default',  swr(90)],
    ['past the window',                                       swr30,                                                      91, {},                'default',  revalidate(91, 'stale')],
    ['not while fresh',                                       swr30,                                                      30, {},                'default',  fresh(30)],
    ['no window without the directive, even at expiry',       'max-age=60',                                               60, {},                'default',  revalidate(60, 'stale')],
    ['never past must-revalidate',                            'max-age=60, must-revalidate, stale-while-revalidate=30',  70, {},                'default',  revalidate(70, 'stale')],
    ['not when the request demands validation (no-cache)',    swr30,                                                      70, cc('no-cache'),    'default',  revalidate(70, 'request-no-cache')],
    ['not when the request max-age refuses stale',            swr30,                                                      70, cc('max-age=3600'), 'default', revalidate(70, 'stale')],
    ['not in mode no-cache',                                  swr30,                                                      70, {},                'no-cache', revalidate(70, 'mode-no-cache')],
    ['max-stale comes first: served without revalidation',    swr30,                                                      70, cc('max-stale'),   'default',  staleAllowed(70, 'max-stale')],
    ['an invalid window is no window',                        'max-age=60, stale-while-revalidate=3.5',                   61, {},                'default',  revalidate(61, 'stale')],
    ['a duplicate window is no window',                       `${swr30}, stale-while-revalidate=60`,                      61, {},                'default',  revalidate(61, 'stale')],
  ])('%s', check);
});

describe('RFC 9111 §5.2.1 malformed request directives never throw, and only ever add caution', () => {
  // biome-ignore format: one case per line reads as a table
  it.each<Row>([
    ['empty members and stray quotes',                 'max-age=60', 10, cc(', , =, "'),  'default', fresh(10)],
    ['a nameless argument',                            'max-age=60', 10, cc('=60'),       'default', fresh(10)],
    ['control characters',                             'max-age=60', 10, cc('\u0000'),    'default', fresh(10)],
    ['max-age without its argument counts as 0',       'max-age=60', 10, cc('max-age'),   'default', revalidate(10, 'request-max-age')],
    ['no-cache with an empty argument is no-cache',    'max-age=60', 10, cc('no-cache='), 'default', revalidate(10, 'request-no-cache')],
  ])('%s', check);
});
