// The story, step by step: what the app asks for, what the world does meanwhile, and what the
// cache must do about it. Times are on the simulated clock; TTLs follow from them exactly.
import type { Checks } from './checks';
import { mediaPath, mediaSize } from './media';
import { slowAnswerMs } from './origin';
import type { Step, StepOutcome, World } from './runner';

const products = '/api/products';

function productCount(body: string): number {
  try {
    return (JSON.parse(body) as { products: unknown[] }).products.length;
  } catch {
    return -1;
  }
}

function earlier(world: World, id: string): StepOutcome {
  const outcome = world.outcomes.get(id);
  if (!outcome) throw new Error(`step ${id} has not run`);
  return outcome;
}

function sameBodyAs(id: string) {
  return (outcome: StepOutcome, check: Checks, world: World) => {
    const before = earlier(world, id);
    check.that(
      outcome.body === before.body,
      `the body is the one stored at t=${before.t}s`,
      'it differs',
    );
  };
}

function header(outcome: StepOutcome, name: string): string | null {
  return outcome.response?.headers.get(name) ?? null;
}

export const scenario: Step[] = [
  {
    id: 'first',
    title: 'First load: nothing stored yet',
    request: { path: products },
    expect: {
      cacheStatus: 'cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=60',
      caller: 200,
      origin: 200,
      conditional: false,
      events: ['miss', 'stored'],
    },
    verify: (outcome, check) =>
      check.equal('the number of products', productCount(outcome.body), 3),
    note: (outcome) => `stored in IndexedDB with ETag ${header(outcome, 'etag')}; fresh for 60 s`,
  },
  {
    id: 'repeat',
    title: 'Repeat, 10 s later: fresh, so no network',
    advanceSec: 10,
    request: { path: products },
    expect: {
      cacheStatus: 'cached-fetch; hit; ttl=50',
      caller: 200,
      origin: null,
      events: ['hit'],
    },
    verify: (outcome, check, world) => {
      sameBodyAs('first')(outcome, check, world);
      check.equal('the Age header', header(outcome, 'age'), '10');
      check.equal(
        'response.url (restored, as fetch sets it)',
        outcome.response?.url,
        world.origin.url + products,
      );
      // RFC 9111 §3.1: hop-by-hop fields (Node's server sent both) are not stored.
      for (const name of ['connection', 'keep-alive'])
        check.equal(`the ${name} header`, header(outcome, name), null);
    },
    note: (outcome) => `Age: ${header(outcome, 'age')}; body read from IndexedDB`,
  },
  {
    id: 'expired',
    title: 'Expired (age 70 s): revalidated, 304',
    advanceSec: 60,
    request: { path: products },
    expect: {
      cacheStatus: 'cached-fetch; fwd=stale; fwd-status=304; ttl=60',
      caller: 200,
      origin: 304,
      conditional: true,
      events: ['revalidated'],
    },
    verify: (outcome, check, world) => {
      const first = earlier(world, 'first');
      sameBodyAs('first')(outcome, check, world);
      const sent = outcome.originRecords[0]?.conditional ?? [];
      check.that(
        sent.includes(`if-none-match: ${header(first, 'etag')}`),
        'the cache sent If-None-Match with the stored ETag',
        `it sent ${sent.join(', ') || 'nothing'}`,
      );
      const notModified = outcome.originRecords[0]?.headers ?? {};
      for (const name of ['x-ratelimit-remaining', 'date']) {
        check.equal(
          `${name} (updated by the 304)`,
          header(outcome, name),
          notModified[name] ?? null,
        );
      }
      check.that(
        header(outcome, 'x-ratelimit-remaining') !== header(first, 'x-ratelimit-remaining'),
        'the merged header differs from the stored one',
        'it is unchanged',
      );
      check.equal(
        'content-type (kept from the stored 200)',
        header(outcome, 'content-type'),
        header(first, 'content-type'),
      );
    },
    note: (outcome, world) => {
      const first = earlier(world, 'first');
      return (
        `merged from the 304: x-ratelimit-remaining ${header(first, 'x-ratelimit-remaining')} → ` +
        `${header(outcome, 'x-ratelimit-remaining')}, date +${outcome.t - first.t} s; ` +
        `body (${outcome.body.length} B) from IndexedDB`
      );
    },
  },
  {
    id: 'me',
    title: 'no-cache resource: first load',
    request: { path: '/api/me' },
    expect: {
      cacheStatus: 'cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=0',
      caller: 200,
      origin: 200,
      conditional: false,
      events: ['stored'],
    },
    note: () => 'Cache-Control: private, no-cache: stored, but must be revalidated before each use',
  },
  {
    id: 'me-again',
    title: 'no-cache resource, 5 s later: revalidated',
    advanceSec: 5,
    request: { path: '/api/me' },
    expect: {
      // RFC 9211 §2.2: the stored response was stale (ttl=0) and the request had no directives,
      // so `fwd=stale`; `fwd=request` is for a fresh response the *request* would not accept.
      cacheStatus: 'cached-fetch; fwd=stale; fwd-status=304; ttl=0',
      caller: 200,
      origin: 304,
      conditional: true,
      events: ['revalidated'],
    },
    verify: sameBodyAs('me'),
    note: () =>
      'even within seconds the origin is asked; it answers 304 and no body crosses the wire',
  },
  {
    id: 'changed',
    title: 'Changed at the origin, expired: 200 replaces',
    advanceSec: 65,
    before: (world) => world.origin.api.changePrice(2, 12.5),
    request: { path: products },
    expect: {
      cacheStatus: 'cached-fetch; fwd=stale; fwd-status=200; stored; ttl=60',
      caller: 200,
      origin: 200,
      conditional: true,
      events: ['updated', 'stored'],
    },
    verify: (outcome, check, world) => {
      check.that(
        outcome.body !== earlier(world, 'first').body,
        'the body is the new version',
        'it is the old one',
      );
      check.that(outcome.body.includes('"price":12.5'), 'it has the new price', 'it does not');
    },
    note: () => "the back office changed a price; the validators no longer match; 'updated' event",
  },
  {
    id: 'changed-hit',
    title: 'Repeat: the new version is stored',
    advanceSec: 5,
    request: { path: products },
    expect: {
      cacheStatus: 'cached-fetch; hit; ttl=55',
      caller: 200,
      origin: null,
      events: ['hit'],
    },
    verify: sameBodyAs('changed'),
  },
  {
    id: 'categories',
    title: 'Categories: stored, in the products group (Cache-Groups)',
    request: { path: '/api/categories' },
    expect: {
      cacheStatus: 'cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=600',
      caller: 200,
      origin: 200,
      conditional: false,
      events: ['miss', 'stored'],
    },
    note: () => 'Cache-Groups: "products" (RFC 9875)',
  },
  {
    id: 'post',
    title: 'POST a new product: invalidates',
    request: {
      method: 'POST',
      path: products,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Pour-over kettle', price: 39 }),
    },
    expect: {
      cacheStatus: 'cached-fetch; fwd=method; fwd-status=201',
      caller: 201,
      origin: 201,
      events: ['invalidated'],
    },
    verify: (outcome, check, world) => {
      // Two events: RFC 9111 §4.4 (reason unsafe-request) and RFC 9875 (reason cache-groups).
      const urls = outcome.events
        .filter((event) => event.type === 'invalidated')
        .flatMap((event) => (event.detail as { urls: string[] }).urls);
      for (const path of [products, '/api/products/4', '/api/categories']) {
        check.that(
          urls.includes(world.origin.url + path),
          `${path} was invalidated`,
          `invalidated: ${urls.join(', ') || 'nothing'}`,
        );
      }
    },
    note: () =>
      'RFC 9111 §4.4: the target URI and the same-origin Location (/api/products/4); RFC 9875: ' +
      'the products group (Cache-Group-Invalidation). Kept for their validators, marked',
  },
  {
    id: 'after-post',
    title: 'GET after the POST: revalidated, and the list changed',
    request: { path: products },
    expect: {
      cacheStatus: 'cached-fetch; fwd=stale; fwd-status=200; stored; ttl=60',
      caller: 200,
      origin: 200,
      conditional: true,
      events: ['stored'],
    },
    verify: (outcome, check) =>
      check.equal('the number of products', productCount(outcome.body), 4),
    note: () => 'the list now has the new product',
  },
  {
    title: 'Categories after the POST: revalidated, unchanged: a 304',
    request: { path: '/api/categories' },
    expect: {
      cacheStatus: 'cached-fetch; fwd=stale; fwd-status=304; ttl=600',
      caller: 200,
      origin: 304,
      conditional: true,
      events: ['revalidated'],
    },
    verify: sameBodyAs('categories'),
    note: () => 'the group member was revalidated: no body crossed the network',
  },
  {
    id: 'greeting-en',
    title: 'Vary: Accept-Language, English',
    request: { path: '/api/greeting', headers: { 'accept-language': 'en' } },
    expect: {
      cacheStatus: 'cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=300',
      caller: 200,
      origin: 200,
      events: ['stored'],
    },
  },
  {
    id: 'greeting-fr',
    title: 'Vary: same URL, French',
    request: { path: '/api/greeting', headers: { 'accept-language': 'fr' } },
    expect: {
      cacheStatus: 'cached-fetch; fwd=vary-miss; fwd-status=200; stored; ttl=300',
      caller: 200,
      origin: 200,
      events: ['stored'],
    },
    verify: (outcome, check) =>
      check.that(outcome.body.includes('Bienvenue'), 'the body is French', outcome.body),
    note: () => 'a second variant of the same URL, stored beside the first',
  },
  {
    id: 'greeting-en-again',
    title: 'Vary: English again, from the cache',
    advanceSec: 5,
    request: { path: '/api/greeting', headers: { 'accept-language': 'en' } },
    expect: {
      cacheStatus: 'cached-fetch; hit; ttl=295',
      caller: 200,
      origin: null,
      events: ['hit'],
    },
    verify: sameBodyAs('greeting-en'),
    note: (outcome) =>
      `Content-Language: ${header(outcome, 'content-language')}; the French variant did not replace it`,
  },
  {
    id: 'video-start',
    title: 'A video starts: the player asks for the first 512 KiB',
    request: { path: mediaPath, headers: { range: 'bytes=0-524287' } },
    expect: {
      cacheStatus: 'cached-fetch; fwd=uri-miss; fwd-status=206; stored',
      caller: 206,
      origin: 206,
      conditional: false,
      events: ['miss', 'stored'],
    },
    verify: (outcome, check) =>
      check.equal('Content-Range', header(outcome, 'content-range'), `bytes 0-524287/${mediaSize}`),
    note: () => 'the 206 is stored as partial content (RFC 9111 §3.3), keyed with its ETag',
  },
  {
    id: 'video-seek-back',
    title: 'Seek back inside what was played: from the stored part',
    request: { path: mediaPath, headers: { range: 'bytes=65536-131071' } },
    expect: {
      cacheStatus: 'cached-fetch; hit; ttl=3600',
      caller: 206,
      origin: null,
      events: ['hit'],
    },
    verify: (outcome, check) =>
      check.equal(
        'Content-Range',
        header(outcome, 'content-range'),
        `bytes 65536-131071/${mediaSize}`,
      ),
    note: () => 'a 206 built from the stored bytes; the origin is not asked',
  },
  {
    id: 'video-rest',
    title: 'Play on: the rest, with If-Range, combined with the stored part',
    request: { path: mediaPath, headers: { range: 'bytes=524288-' } },
    expect: {
      cacheStatus: 'cached-fetch; fwd=partial; fwd-status=206; stored',
      caller: 206,
      origin: 206,
      conditional: true,
      events: ['stored'],
    },
    note: (outcome) =>
      `the origin saw ${outcome.originRecords[0]?.conditional.join(', ')}; the two parts make the whole file (RFC 9111 §3.4)`,
  },
  {
    id: 'video-whole',
    title: 'Download the whole video: from the combined parts',
    request: { path: mediaPath },
    expect: {
      cacheStatus: 'cached-fetch; hit; ttl=3600',
      caller: 200,
      origin: null,
      events: ['hit'],
    },
    verify: (outcome, check) => check.equal('the body length', outcome.body.length, mediaSize),
    note: () => 'stored parts that add up to the whole are stored as the complete 200',
  },
  {
    id: 'down-503',
    title: 'Origin answers 503: stale-if-error',
    advanceSec: 85,
    before: (world) => world.origin.setMode('error'),
    request: { path: products },
    expect: {
      cacheStatus: 'cached-fetch; fwd=stale; fwd-status=503; ttl=-30; detail=stale-if-error',
      caller: 200,
      origin: 503,
      conditional: true,
    },
    verify: sameBodyAs('after-post'),
    note: () =>
      'stale by 30 s, within stale-if-error=600: the app sees the stored list, not the 503',
  },
  {
    id: 'unreachable',
    title: 'Origin drops connections: stale-if-error',
    advanceSec: 5,
    before: (world) => world.origin.setMode('unreachable'),
    request: { path: products },
    expect: {
      cacheStatus: 'cached-fetch; fwd=stale; ttl=-35; detail=stale-if-error',
      caller: 200,
      origin: 'closed',
      conditional: true,
    },
    verify: sameBodyAs('after-post'),
    note: () => 'a network error counts as an error for stale-if-error too (RFC 5861 §4)',
  },
  {
    id: 'offline-error',
    title: 'An hour later, still down: fails like fetch',
    advanceSec: 3600,
    request: { path: products },
    expect: { cacheStatus: null, caller: 'TypeError', origin: 'closed', conditional: true },
    note: () =>
      "past the stale-if-error window, and offline: 'error' (the default): the caller gets fetch's TypeError",
  },
  {
    id: 'offline-stale',
    title: "Restart with offline: 'stale'",
    before: (world) => world.restart({ offline: 'stale' }),
    request: { path: products },
    expect: {
      cacheStatus: 'cached-fetch; fwd=stale; ttl=-3635; detail=offline',
      caller: 200,
      origin: 'closed',
      conditional: true,
    },
    verify: sameBodyAs('after-post'),
    note: () =>
      'a new cachedFetch on the same IndexedDB database: the stored list survived, served stale and labelled so',
  },
  {
    id: 'offline-no-cache',
    title: "offline: 'stale' never serves no-cache",
    request: { path: '/api/me' },
    expect: { cacheStatus: null, caller: 'TypeError', origin: 'closed', conditional: true },
    note: () => 'a no-cache response is never shown unvalidated, even offline (RFC 9111 §5.2.2.4)',
  },
  {
    id: 'gateway-502',
    title: 'Behind a dev proxy, the dead API is a 502',
    before: (world) => world.origin.setMode('bad-gateway'),
    request: { path: products },
    expect: {
      cacheStatus: 'cached-fetch; fwd=stale; fwd-status=502; ttl=-3635; detail=offline',
      caller: 200,
      origin: 502,
      conditional: true,
      events: ['stale'],
    },
    verify: sameBodyAs('after-post'),
    note: () =>
      "offline: 'stale' counts a gateway's 502, 503 and 504 as \"the origin is unreachable\"",
  },
  {
    id: 'gateway-504',
    title: 'The API gateway times out: 504',
    advanceSec: 5,
    before: (world) => world.origin.setMode('gateway-timeout'),
    request: { path: products },
    expect: {
      cacheStatus: 'cached-fetch; fwd=stale; fwd-status=504; ttl=-3640; detail=offline',
      caller: 200,
      origin: 504,
      conditional: true,
      events: ['stale'],
    },
    verify: sameBodyAs('after-post'),
    note: () => 'the stored list again, with the stale event telling the app why (reason offline)',
  },
  {
    id: 'timeout',
    title: 'The API hangs: networkTimeout 300 ms',
    before: async (world) => {
      world.origin.setMode('slow');
      await world.restart({ offline: 'stale', networkTimeout: 300 });
    },
    request: { path: products },
    expect: {
      cacheStatus: 'cached-fetch; fwd=stale; ttl=-3640; detail=timeout',
      caller: 200,
      origin: 'pending',
      conditional: true,
      events: ['stale'],
    },
    verify: sameBodyAs('after-post'),
    note: () =>
      `no answer within 300 ms (the API takes ${slowAnswerMs} ms): the stored list stood in; the request goes on`,
  },
  {
    id: 'timeout-landed',
    title: 'The late answer landed in the background',
    before: async (world) => {
      await world.client.cache.settled();
      world.origin.setMode('up');
    },
    request: { path: products },
    expect: {
      cacheStatus: 'cached-fetch; hit; ttl=60',
      caller: 200,
      origin: null,
      events: ['hit'],
    },
    verify: sameBodyAs('after-post'),
    note: () =>
      'cache.settled() waited for it: its 304 freshened the stored list, so this is a hit again',
  },
  {
    id: 'offline-write',
    title: 'Offline write: the API is unreachable, a POST is kept in the outbox',
    before: async (world) => {
      world.origin.setMode('unreachable');
      await world.restart({ offline: 'stale', outbox: true });
    },
    request: {
      method: 'POST',
      path: products,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Travel mug', price: 18 }),
    },
    expect: {
      cacheStatus: 'cached-fetch; fwd=method; detail=queued',
      caller: 202,
      origin: 'closed',
      events: ['queued'],
    },
    verify: (outcome, check) => {
      check.that(
        /^[0-9a-f-]{36}$/.test(header(outcome, 'x-outbox-id') ?? ''),
        'the 202 names the write (X-Outbox-Id)',
        `X-Outbox-Id: ${header(outcome, 'x-outbox-id')}`,
      );
    },
    note: () =>
      'written to IndexedDB before the call answered 202 (detail="queued"): the app can show it as pending',
  },
  {
    id: 'offline-write-sent',
    title: 'A reload, the API is back: the outbox sends the write once; the list shows it',
    before: async (world) => {
      // The reload's own replay, still offline, fails; then the origin is back and flush() runs.
      await world.restart({ offline: 'stale', outbox: true });
      await world.client.cache.settled();
      world.origin.setMode('up');
      await world.client.cache.outbox!.flush();
    },
    request: { path: products },
    expect: {
      // Decision 0025: the replay's invalidation kept the stored list (it has an ETag) and marked
      // it, so this GET is a conditional request; the list changed, so the origin sends it (200).
      cacheStatus: 'cached-fetch; fwd=stale; fwd-status=200; stored; ttl=60',
      caller: 200,
      origin: 200,
    },
    verify: (outcome, check, world) => {
      const key = world.origin.log.find(
        (record) => record.method === 'POST' && record.status === 'closed',
      )?.idempotencyKey;
      const attempts = world.origin.log.filter(
        (record) => record.method === 'POST' && record.idempotencyKey === key,
      );
      check.that(
        key !== undefined &&
          attempts.map((record) => record.status).join(',') === 'closed,closed,201',
        'the origin saw the write three times with one Idempotency-Key: dropped, dropped, applied once (201)',
        attempts.map((record) => record.status).join(', '),
      );
      const after = productCount(earlier(world, 'after-post').body);
      check.equal('products listed', productCount(outcome.body), after + 1);
    },
    note: () =>
      'the replay invalidated the stored list (RFC 9111 §4.4: marked, kept for its ETag), so this GET revalidated it and got the list with the new product',
  },
];
