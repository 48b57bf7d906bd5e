// Cross-origin requests (docs/decisions/0001): validators only where they cost no preflight.
// The page is https://api.test (vitest.config.ts); https://cdn.test is another origin.
import { describe, expect, it } from 'vitest';
import { makeCachedFetch, type Reply, useMockOrigin } from './support';

const origin = useMockOrigin();
const CDN = 'https://cdn.test';

function replies(path: string) {
  const seen: Request[] = [];
  return {
    seen,
    handler: (request: Request): Reply => {
      seen.push(request);
      return request.headers.get('if-none-match') === '"c"'
        ? { status: 304, headers: { etag: '"c"', 'cache-control': 'max-age=1' } }
        : {
            headers: {
              etag: '"c"',
              'cache-control': 'max-age=1',
              date: new Date(Date.UTC(2026, 0, 1)).toUTCString(),
            },
            body: path,
          };
    },
  };
}

async function staleThenAgain(
  cf: ReturnType<typeof makeCachedFetch>,
  url: string,
  init?: RequestInit,
) {
  await (await cf(url, init)).text();
  await cf.cache.settled();
  cf.clock.advance(2000);
  return cf(url, init);
}

describe('cross-origin revalidation (pitfall 2)', () => {
  it('a simple cross-origin GET gets no validators by default (they would add a preflight)', async () => {
    const { seen, handler } = replies('a');
    origin.reply(`${CDN}/x`, handler);
    const cf = makeCachedFetch();
    await staleThenAgain(cf, `${CDN}/x`);
    expect(seen).toHaveLength(2);
    expect(seen[1]?.headers.get('if-none-match')).toBeNull();
  });

  it('a request that needs a preflight anyway (custom header) gets validators', async () => {
    const { seen, handler } = replies('b');
    origin.reply(`${CDN}/y`, handler);
    const cf = makeCachedFetch();
    const res = await staleThenAgain(cf, `${CDN}/y`, { headers: { 'x-api-key': 'k' } });
    expect(seen[1]?.headers.get('if-none-match')).toBe('"c"');
    expect(res.headers.get('cache-status')).toContain('fwd-status=304');
  });

  it('a non-simple Content-Type also means a preflight anyway', async () => {
    const { seen, handler } = replies('c');
    origin.reply(`${CDN}/z`, handler);
    const cf = makeCachedFetch();
    await staleThenAgain(cf, `${CDN}/z`, { headers: { 'content-type': 'application/json' } });
    expect(seen[1]?.headers.get('if-none-match')).toBe('"c"');
  });

  it('revalidateCrossOrigin opts an origin in', async () => {
    const { seen, handler } = replies('d');
    origin.reply(`${CDN}/w`, handler);
    const cf = makeCachedFetch({ revalidateCrossOrigin: [CDN] });
    await staleThenAgain(cf, `${CDN}/w`);
    expect(seen[1]?.headers.get('if-none-match')).toBe('"c"');
  });
});
