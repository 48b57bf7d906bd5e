// stale-if-error (RFC 5861 §4, RFC 9111 §4.2.4), response and request directive, on msw with a fixed clock.
import { describe, expect, it } from 'vitest';
import { makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();
const url = `${ORIGIN}/sie`;

type Failure = { label: string; reply: Reply };

const networkError: Failure = { label: 'a network error', reply: { networkError: true } };
const serverErrors: Failure[] = [500, 502, 503, 504].map((status) => ({
  label: `a ${status}`,
  reply: { status, body: `origin ${status}` },
}));

/** Stores "v1" (ETag "v1") with `cacheControl` at t=0; later requests get `later`. */
async function primed(cacheControl: string, ...later: Reply[]) {
  origin.reply(
    '/sie',
    { headers: { 'cache-control': cacheControl, etag: '"v1"' }, body: 'v1' },
    ...later,
  );
  const cf = makeCachedFetch();
  await (await cf(url)).text();
  await cf.cache.settled();
  return cf;
}

async function expectStale(res: Response, ageSec: number) {
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('v1');
  expect(res.headers.get('age')).toBe(String(ageSec));
  expect(res.headers.get('etag')).toBe('"v1"');
  expect(res.headers.get('cache-status')).toContain('detail="stale-if-error"');
}

describe('RFC 5861 §4 stale-if-error as a response directive', () => {
  const sie = 'max-age=10, stale-if-error=60';

  it.each([networkError, ...serverErrors])(
    'at exactly n seconds stale, $label is answered with the stale response',
    async ({ reply }) => {
      const cf = await primed(sie, reply);
      cf.clock.advance(70_000); // 60 s stale: the last instant "up to" n = 60 allows
      await expectStale(await cf(url), 70);
      const seen = origin.seen('/sie');
      expect(seen).toHaveLength(2);
      expect(seen[1]?.headers.get('if-none-match')).toBe('"v1"');
    },
  );

  it('one second past the window, a network error rejects as fetch does (TypeError)', async () => {
    const cf = await primed(sie, { networkError: true });
    cf.clock.advance(71_000);
    await expect(cf(url)).rejects.toBeInstanceOf(TypeError);
    expect(origin.seen('/sie')).toHaveLength(2);
  });

  it.each(serverErrors)('one second past the window, $label passes through', async ({ reply }) => {
    const cf = await primed(sie, reply);
    cf.clock.advance(71_000);
    const res = await cf(url);
    expect(res.status).toBe(reply.status);
    expect(await res.text()).toBe(reply.body);
    expect(res.headers.get('cache-status')).toContain(`fwd-status=${reply.status}`);
    expect(res.headers.get('cache-status')).not.toContain('stale-if-error');
  });

  it.each([404, 501])(
    'a %i is not an error for stale-if-error: it passes through',
    async (status) => {
      const cf = await primed(sie, { status, body: `origin ${status}` });
      cf.clock.advance(20_000);
      const res = await cf(url);
      expect(res.status).toBe(status);
      expect(await res.text()).toBe(`origin ${status}`);
      expect(res.headers.get('cache-status')).not.toContain('stale-if-error');
    },
  );

  it('the error is not stored: once the origin is back, the next request revalidates the stored response', async () => {
    const cf = await primed(
      sie,
      { status: 503, body: 'down' },
      { status: 304, headers: { 'cache-control': sie, etag: '"v1"' } },
    );
    cf.clock.advance(20_000);
    await expectStale(await cf(url), 20);
    await cf.cache.settled();
    const res = await cf(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('v1');
    expect(res.headers.get('cache-status')).toBe('cached-fetch; fwd=stale; fwd-status=304; ttl=10');
    const seen = origin.seen('/sie');
    expect(seen).toHaveLength(3);
    expect(seen[2]?.headers.get('if-none-match')).toBe('"v1"');
  });

  it('within the freshness lifetime nothing goes to the network, so nothing can fail', async () => {
    const cf = await primed(sie, { networkError: true });
    cf.clock.advance(5_000);
    const res = await cf(url);
    expect(res.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=5');
    expect(origin.seen('/sie')).toHaveLength(1);
  });
});

describe('RFC 5861 §4 stale-if-error as a request directive', () => {
  const asked = { headers: { 'cache-control': 'stale-if-error=60' } };

  it.each([networkError, ...serverErrors])(
    'at exactly n seconds stale, $label is answered with the stale response',
    async ({ reply }) => {
      const cf = await primed('max-age=10', reply);
      cf.clock.advance(70_000);
      await expectStale(await cf(url, asked), 70);
      expect(origin.seen('/sie')).toHaveLength(2);
    },
  );

  it('one second past the window, a 503 passes through', async () => {
    const cf = await primed('max-age=10', { status: 503, body: 'down' });
    cf.clock.advance(71_000);
    const res = await cf(url, asked);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('down');
  });

  it('one second past the window, a network error rejects (TypeError)', async () => {
    const cf = await primed('max-age=10', { networkError: true });
    cf.clock.advance(71_000);
    await expect(cf(url, asked)).rejects.toBeInstanceOf(TypeError);
  });

  it('without the directive on either side, a 503 passes through and a network error rejects', async () => {
    const cf = await primed('max-age=10', { status: 503, body: 'down' }, { networkError: true });
    cf.clock.advance(20_000);
    const res = await cf(url);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('down');
    await expect(cf(url)).rejects.toBeInstanceOf(TypeError);
  });

  it('the larger of the request and response windows applies', async () => {
    const cf = await primed('max-age=10, stale-if-error=5', { status: 503, body: 'down' });
    cf.clock.advance(70_000);
    await expectStale(await cf(url, asked), 70);
  });
});

describe('RFC 9111 §4.2.4 directives that forbid serving stale also forbid stale-if-error', () => {
  it('§5.2.2.2 must-revalidate: a 503 passes through despite the response directive', async () => {
    const cf = await primed('max-age=10, stale-if-error=60, must-revalidate', {
      status: 503,
      body: 'down',
    });
    cf.clock.advance(20_000);
    const res = await cf(url);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('down');
  });

  it('§5.2.2.2 must-revalidate: a network error rejects despite the request directive', async () => {
    const cf = await primed('max-age=10, must-revalidate', { networkError: true });
    cf.clock.advance(20_000);
    await expect(
      cf(url, { headers: { 'cache-control': 'stale-if-error=60' } }),
    ).rejects.toBeInstanceOf(TypeError);
  });

  it('§5.2.2.4 no-cache: a 503 passes through despite stale-if-error', async () => {
    const cf = await primed('no-cache, stale-if-error=60', { status: 503, body: 'down' });
    const res = await cf(url);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('down');
  });
});

describe('RFC 9211 Cache-Status of a stale-if-error answer', () => {
  it('§2.1–2.3 after the origin answered 503 it says fwd=stale; fwd-status=503 (forwarded), not hit', async () => {
    // A plain injected network (not msw), so that only the header is under test here.
    let calls = 0;
    const network = (async () =>
      ++calls === 1
        ? new Response('v1', { headers: { 'cache-control': 'max-age=10, stale-if-error=60' } })
        : new Response('down', { status: 503 })) as typeof fetch;
    const cf = makeCachedFetch({ fetch: network });
    await (await cf(url)).text();
    await cf.cache.settled();
    cf.clock.advance(20_000);
    const res = await cf(url);
    expect(await res.text()).toBe('v1');
    expect(calls).toBe(2);
    const params = res.headers.get('cache-status')!.split('; ');
    expect(params).toContain('fwd=stale');
    expect(params).toContain('fwd-status=503');
    expect(params).toContain('detail="stale-if-error"');
    expect(params).not.toContain('hit');
  });
});

describe('RFC 5861 §4 stand-in answers are visible: the stale event', () => {
  it.each([
    [networkError, undefined],
    [serverErrors[2]!, 503],
  ])(
    '$label emits stale with reason stale-if-error and the origin status',
    async (failure, status) => {
      const cf = await primed('max-age=10, stale-if-error=60', failure.reply);
      const stale: unknown[] = [];
      cf.cache.addEventListener('stale', (event) => stale.push(event));
      cf.clock.advance(30_000);
      await expectStale(await cf(url), 30);
      expect(stale).toEqual([
        status === undefined
          ? { url, reason: 'stale-if-error' }
          : { url, reason: 'stale-if-error', status },
      ]);
      expect(origin.seen('/sie')).toHaveLength(2);
    },
  );
});
