// The rules a page can reach beyond the basics (issue 13, items 2–8), end to end on msw: what the
// origin saw (request counts and header fields), not only what the caller got.
import { describe, expect, it } from 'vitest';
import { httpDate, makeCachedFetch, ORIGIN, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();

/** Answers 304 to If-None-Match "v1", else a 200 with these headers. */
function validated(headers: Record<string, string>, body = 'stored') {
  return (request: Request): Reply =>
    request.headers.get('if-none-match') === '"v1"'
      ? { status: 304, headers: { etag: '"v1"', ...headers } }
      : { headers: { etag: '"v1"', ...headers }, body };
}

async function read(cf: ReturnType<typeof makeCachedFetch>, path: string, init?: RequestInit) {
  const response = await cf(`${ORIGIN}${path}`, init);
  const body = await response.text();
  await cf.cache.settled();
  return { response, body };
}

describe('Fetch "HTTP-network-or-cache fetch": what each cache mode sends', () => {
  it('no-cache sends Cache-Control: max-age=0 when the caller set none (revalidation and miss)', async () => {
    origin.reply('/nc', validated({ 'cache-control': 'max-age=60' }));
    const cf = makeCachedFetch();
    await read(cf, '/nc', { cache: 'no-cache' });
    await read(cf, '/nc', { cache: 'no-cache' });
    const seen = origin.seen('/nc');
    expect(seen).toHaveLength(2);
    expect(seen.map((r) => r.headers.get('cache-control'))).toEqual(['max-age=0', 'max-age=0']);
    expect(seen[1]?.headers.get('if-none-match')).toBe('"v1"');
  });

  it('no-cache keeps the caller’s own Cache-Control', async () => {
    origin.reply('/nc-own', validated({ 'cache-control': 'max-age=60' }));
    const cf = makeCachedFetch();
    await read(cf, '/nc-own', { cache: 'no-cache', headers: { 'cache-control': 'max-stale=5' } });
    expect(origin.seen('/nc-own')[0]?.headers.get('cache-control')).toBe('max-stale=5');
  });

  it.each(['reload', 'no-store'] as const)(
    '%s sends Cache-Control: no-cache and Pragma: no-cache',
    async (mode) => {
      origin.reply(`/${mode}`, { headers: { 'cache-control': 'max-age=60' }, body: 'x' });
      const cf = makeCachedFetch();
      await read(cf, `/${mode}`, { cache: mode });
      const [seen] = origin.seen(`/${mode}`);
      expect(seen?.headers.get('cache-control')).toBe('no-cache');
      expect(seen?.headers.get('pragma')).toBe('no-cache');
    },
  );

  it('cross-origin, never: not even where a preflight is paid anyway, the server may not allow the header (pitfall 2)', async () => {
    origin.reply('https://cdn.test/x', { headers: { 'cache-control': 'max-age=60' }, body: 'x' });
    const cf = makeCachedFetch();
    await (await cf('https://cdn.test/x', { cache: 'no-cache' })).text();
    await (await cf('https://cdn.test/x', { cache: 'no-cache', headers: { 'x-key': '1' } })).text();
    const seen = origin.seen('/x').map((r) => r.headers.get('cache-control'));
    expect(seen).toEqual([null, null]);
  });

  it('RFC 9111 §5.2.1.2 default mode: a miss and a revalidation carry Cache-Control: max-stale=0, never no-cache (decision 0013)', async () => {
    origin.reply('/default', validated({ 'cache-control': 'max-age=0' }));
    const cf = makeCachedFetch();
    await read(cf, '/default');
    await read(cf, '/default');
    const seen = origin.seen('/default');
    expect(seen.map((r) => r.headers.get('cache-control'))).toEqual(['max-stale=0', 'max-stale=0']);
    expect(seen.map((r) => r.headers.get('pragma'))).toEqual([null, null]);
    expect(seen[1]?.headers.get('if-none-match')).toBe('"v1"');
  });

  it('default mode keeps the caller’s own Cache-Control', async () => {
    origin.reply('/own', { headers: { 'cache-control': 'max-age=60' }, body: 'x' });
    const cf = makeCachedFetch();
    await read(cf, '/own', { headers: { 'cache-control': 'max-age=5' } });
    expect(origin.seen('/own')[0]?.headers.get('cache-control')).toBe('max-age=5');
  });

  it('default mode cross-origin adds nothing to a request that needs no preflight (pitfall 2)', async () => {
    origin.reply('https://cdn.test/simple', {
      headers: { 'cache-control': 'max-age=60' },
      body: 'x',
    });
    const cf = makeCachedFetch();
    await (await cf('https://cdn.test/simple')).text();
    expect(origin.seen('/simple')[0]?.headers.get('cache-control')).toBeNull();
  });
});

describe('RFC 8246 §2 immutable under cache: no-cache (decision 0010)', () => {
  it('a fresh immutable response is served without revalidation', async () => {
    origin.reply('/imm', validated({ 'cache-control': 'max-age=600, immutable' }));
    const cf = makeCachedFetch();
    await read(cf, '/imm');
    const { response, body } = await read(cf, '/imm', { cache: 'no-cache' });
    expect(body).toBe('stored');
    expect(response.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=600');
    expect(origin.seen('/imm')).toHaveLength(1);
  });

  it('reload still reaches the origin', async () => {
    origin.reply('/imm-reload', validated({ 'cache-control': 'max-age=600, immutable' }));
    const cf = makeCachedFetch();
    await read(cf, '/imm-reload');
    await read(cf, '/imm-reload', { cache: 'reload' });
    expect(origin.seen('/imm-reload')).toHaveLength(2);
  });
});

describe('RFC 9111 §4.2 HTTP-dates are matched case-insensitively', () => {
  it('a lower-case Expires and Date give the response its lifetime', async () => {
    const cf = makeCachedFetch();
    const now = cf.clock.now();
    origin.reply('/dates', {
      headers: {
        date: httpDate(now).toLowerCase(),
        expires: httpDate(now + 120_000).toLowerCase(),
      },
      body: 'x',
    });
    await read(cf, '/dates');
    cf.clock.advance(60_000);
    const { response } = await read(cf, '/dates');
    expect(response.headers.get('cache-status')).toBe('cached-fetch; hit; ttl=60');
    expect(origin.seen('/dates')).toHaveLength(1);
  });
});

describe('RFC 9111 §4.1 Vary: Accept-Language beyond whitespace', () => {
  const greet = (request: Request): Reply => {
    const french = /^fr/i.test(request.headers.get('accept-language') ?? '');
    return {
      headers: {
        'cache-control': 'max-age=60',
        vary: 'Accept-Language',
        'content-language': french ? 'fr' : 'en-US',
      },
      body: french ? 'bonjour' : 'hello',
    };
  };

  it('case and how weights are written select the same variant (equal weights keep their order)', async () => {
    origin.reply('/lang', greet);
    const cf = makeCachedFetch();
    await read(cf, '/lang', { headers: { 'accept-language': 'en-US, de' } });
    const { body, response } = await read(cf, '/lang', {
      headers: { 'accept-language': 'EN-us;q=1.0,DE' },
    });
    expect(body).toBe('hello');
    expect(response.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/lang')).toHaveLength(1);
  });

  it('a request preferring the stored Content-Language most reuses that variant', async () => {
    origin.reply('/lang2', greet);
    const cf = makeCachedFetch();
    await read(cf, '/lang2', { headers: { 'accept-language': 'fr' } });
    const { body } = await read(cf, '/lang2', { headers: { 'accept-language': 'fr, en;q=0.5' } });
    expect(body).toBe('bonjour');
    expect(origin.seen('/lang2')).toHaveLength(1);
    // Another top preference is a vary-miss, as before.
    await read(cf, '/lang2', { headers: { 'accept-language': 'en, fr;q=0.5' } });
    expect(origin.seen('/lang2')).toHaveLength(2);
  });
});

describe('RFC 9111 §5.2.2.3 must-understand', () => {
  it('with a status the cache understands, stores despite no-store', async () => {
    origin.reply('/mu', {
      headers: { 'cache-control': 'no-store, must-understand, max-age=60' },
      body: 'kept',
    });
    const cf = makeCachedFetch();
    await read(cf, '/mu');
    const { response, body } = await read(cf, '/mu');
    expect(body).toBe('kept');
    expect(response.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/mu')).toHaveLength(1);
  });

  it('with a status it does not understand, no-store holds', async () => {
    origin.reply('/mu-299', {
      status: 299,
      headers: { 'cache-control': 'no-store, must-understand, max-age=60' },
      body: 'odd',
    });
    const cf = makeCachedFetch();
    await read(cf, '/mu-299');
    await read(cf, '/mu-299');
    expect(origin.seen('/mu-299')).toHaveLength(2);
  });
});

describe('RFC 9110 §9.3.3, RFC 9111 §4 a POST response reused for a GET of its URI', () => {
  it('with explicit freshness and Content-Location equal to the target URI', async () => {
    origin.reply(
      '/doc',
      (request): Reply =>
        request.method === 'POST'
          ? {
              headers: { 'cache-control': 'max-age=60', 'content-location': `${ORIGIN}/doc` },
              body: 'created',
            }
          : { headers: { 'cache-control': 'max-age=60' }, body: 'from GET' },
    );
    const cf = makeCachedFetch();
    const { response: posted, body } = await read(cf, '/doc', { method: 'POST', body: 'new' });
    expect(body).toBe('created');
    expect(posted.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=method; fwd-status=200; stored; ttl=60',
    );
    const { response, body: got } = await read(cf, '/doc');
    expect(got).toBe('created');
    expect(response.headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/doc').map((r) => r.method)).toEqual(['POST']);
  });

  it('without Content-Location it only invalidates', async () => {
    origin.reply('/doc2', (request) =>
      request.method === 'POST'
        ? { headers: { 'cache-control': 'max-age=60' }, body: 'created' }
        : { headers: { 'cache-control': 'max-age=60' }, body: 'from GET' },
    );
    const cf = makeCachedFetch();
    await read(cf, '/doc2', { method: 'POST', body: 'new' });
    const { body } = await read(cf, '/doc2');
    expect(body).toBe('from GET');
    expect(origin.seen('/doc2').map((r) => r.method)).toEqual(['POST', 'GET']);
  });
});
