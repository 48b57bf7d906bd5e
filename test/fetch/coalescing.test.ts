// Coalescing identical concurrent requests in one tab (RFC 9111 §4 collapsed requests, RFC 9211 §2.7,
// pitfall 8): one origin request, every caller its own Response, every waiter settles.
import { describe, expect, it } from 'vitest';
import { gate, makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();
const encoder = new TextEncoder();

function isCollapsed(res: Response): boolean {
  return (res.headers.get('cache-status') ?? '').split('; ').includes('collapsed');
}

/** Settles to the rejection of `promise`, or fails the test when it fulfils. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/**
 * An injectable network whose bodies the test writes chunk by chunk. Each call gets a new body;
 * `send`, `end` and `fail` act on the latest one.
 */
function streamingNetwork(headers: Record<string, string>) {
  const calls: Request[] = [];
  const bodies: Array<{
    controller: ReadableStreamDefaultController<Uint8Array>;
    cancelled: boolean;
  }> = [];
  const fetch = async (input: RequestInfo | URL) => {
    calls.push(input as Request);
    const state = { controller: undefined as never, cancelled: false } as (typeof bodies)[number];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        state.controller = controller;
      },
      cancel() {
        state.cancelled = true;
      },
    });
    bodies.push(state);
    return new Response(body, { status: 200, headers });
  };
  const latest = () => bodies[bodies.length - 1]!;
  return {
    fetch: fetch as typeof globalThis.fetch,
    calls,
    send: (text: string) => latest().controller.enqueue(encoder.encode(text)),
    end: () => latest().controller.close(),
    get cancelled() {
      return latest().cancelled;
    },
  };
}

async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const { value } = await reader.read();
  return new TextDecoder().decode(value);
}

describe('RFC 9111 §4 identical concurrent GETs share one origin request', () => {
  it('100 concurrent GETs: 1 origin request, 100 own readable bodies, 99 marked collapsed (RFC 9211 §2.7)', async () => {
    const body = 'x'.repeat(100_000);
    origin.reply('/shared', { headers: { 'cache-control': 'max-age=60' }, body });
    const cf = makeCachedFetch();
    const responses = await Promise.all(Array.from({ length: 100 }, () => cf(`${ORIGIN}/shared`)));
    expect(origin.seen('/shared')).toHaveLength(1);
    expect(new Set(responses.map((res) => res.body)).size).toBe(100);
    const texts = await Promise.all(responses.map((res) => res.text()));
    expect(texts.every((text) => text === body)).toBe(true);
    expect(responses.every((res) => res.status === 200)).toBe(true);
    expect(responses.filter(isCollapsed)).toHaveLength(99);
    const leader = responses.find((res) => !isCollapsed(res))!;
    expect(leader.headers.get('cache-status')).toBe(
      'cached-fetch; fwd=uri-miss; fwd-status=200; stored; ttl=60',
    );
    await cf.cache.settled();
    expect((await cf(`${ORIGIN}/shared`)).headers.get('cache-status')).toBe(
      'cached-fetch; hit; ttl=60',
    );
    expect(origin.seen('/shared')).toHaveLength(1);
  });

  it('concurrent requests for a stale response share one conditional request', async () => {
    origin.reply(
      '/stale',
      { headers: { 'cache-control': 'max-age=10', etag: '"v1"' }, body: 'v1' },
      { status: 304, headers: { 'cache-control': 'max-age=10', etag: '"v1"' } },
    );
    const cf = makeCachedFetch();
    await (await cf(`${ORIGIN}/stale`)).text();
    await cf.cache.settled();
    cf.clock.advance(20_000);
    const responses = await Promise.all(Array.from({ length: 10 }, () => cf(`${ORIGIN}/stale`)));
    const seen = origin.seen('/stale');
    expect(seen).toHaveLength(2);
    expect(seen[1]?.headers.get('if-none-match')).toBe('"v1"');
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('v1');
    }
    expect(responses.filter(isCollapsed)).toHaveLength(9);
  });

  it('a caller arriving after the shared response head makes its own request: a stalled body never holds it', async () => {
    const network = streamingNetwork({ 'cache-control': 'max-age=60' });
    const cf = makeCachedFetch({ fetch: network.fetch });
    const first = await cf(`${ORIGIN}/late`);
    const firstReader = first.body!.getReader();
    network.send('one,');
    expect(await readChunk(firstReader)).toBe('one,');
    const late = await cf(`${ORIGIN}/late`);
    expect(network.calls).toHaveLength(2);
    expect(isCollapsed(late)).toBe(false);
    network.send('two');
    network.end();
    expect(await late.text()).toBe('two');
  });

  it('different request headers (Accept) are not coalesced', async () => {
    const held = gate();
    origin.reply('/neg', async (request) => {
      await held.opened;
      return {
        headers: { 'cache-control': 'max-age=60' },
        body: request.headers.get('accept') ?? '',
      };
    });
    const cf = makeCachedFetch();
    const json = cf(`${ORIGIN}/neg`, { headers: { accept: 'application/json' } });
    const html = cf(`${ORIGIN}/neg`, { headers: { accept: 'text/html' } });
    await origin.arrived('/neg', 2);
    held.open();
    const [a, b] = await Promise.all([json, html]);
    expect(await a.text()).toBe('application/json');
    expect(await b.text()).toBe('text/html');
    expect(isCollapsed(a) || isCollapsed(b)).toBe(false);
    expect(origin.seen('/neg')).toHaveLength(2);
  });

  it('RFC 9111 §4: a non-storable (no-store) response is not shared; every caller still gets one', async () => {
    let served = 0;
    origin.reply('/private', () => ({
      headers: { 'cache-control': 'no-store' },
      body: `response ${++served}`,
    }));
    const cf = makeCachedFetch();
    const responses = await Promise.all(Array.from({ length: 5 }, () => cf(`${ORIGIN}/private`)));
    const texts = await Promise.all(responses.map((res) => res.text()));
    expect(responses.every((res) => res.status === 200)).toBe(true);
    // One shared request, which only one caller may use; the other four make their own.
    expect(origin.seen('/private')).toHaveLength(5);
    expect(new Set(texts).size).toBe(5);
  });
});

describe('every waiter settles (pitfall 8)', () => {
  it('a network error reaches every waiter, from one origin request, and is not remembered', async () => {
    origin.reply(
      '/fail',
      { networkError: true },
      { headers: { 'cache-control': 'max-age=60' }, body: 'back' },
    );
    const cf = makeCachedFetch();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => cf(`${ORIGIN}/fail`)),
    );
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof TypeError)).toBe(
      true,
    );
    expect(origin.seen('/fail')).toHaveLength(1);
    expect(await (await cf(`${ORIGIN}/fail`)).text()).toBe('back');
    expect(origin.seen('/fail')).toHaveLength(2);
  });

  it('the leader aborting while waiting for the origin does not cancel the others', async () => {
    const held = gate();
    origin.reply('/abort', async () => {
      await held.opened;
      return { headers: { 'cache-control': 'max-age=60' }, body: 'body' };
    });
    const cf = makeCachedFetch();
    const controllers = [0, 1, 2].map(() => new AbortController());
    const pending = controllers.map((c) => cf(`${ORIGIN}/abort`, { signal: c.signal }));
    await origin.arrived('/abort');
    controllers[0]!.abort();
    expect(await rejection(pending[0]!)).toMatchObject({ name: 'AbortError' });
    held.open();
    const [b, c] = await Promise.all(pending.slice(1));
    expect(await b!.text()).toBe('body');
    expect(await c!.text()).toBe('body');
    expect(origin.seen('/abort')).toHaveLength(1);
  });

  it('a follower aborting does not cancel the leader', async () => {
    const held = gate();
    origin.reply('/abort2', async () => {
      await held.opened;
      return { headers: { 'cache-control': 'max-age=60' }, body: 'body' };
    });
    const cf = makeCachedFetch();
    const follower = new AbortController();
    const leading = cf(`${ORIGIN}/abort2`);
    const following = cf(`${ORIGIN}/abort2`, { signal: follower.signal });
    await origin.arrived('/abort2');
    follower.abort();
    expect(await rejection(following)).toMatchObject({ name: 'AbortError' });
    held.open();
    expect(await (await leading).text()).toBe('body');
    expect(origin.seen('/abort2')).toHaveLength(1);
  });

  it("one caller aborting mid-body errors only its own stream; the others' bodies complete and are stored", async () => {
    const network = streamingNetwork({ 'cache-control': 'max-age=60' });
    const cf = makeCachedFetch({ fetch: network.fetch });
    const quitter = new AbortController();
    const [a, b] = await Promise.all([
      cf(`${ORIGIN}/mid`, { signal: quitter.signal }),
      cf(`${ORIGIN}/mid`),
    ]);
    const readerA = a!.body!.getReader();
    network.send('one,');
    expect(await readChunk(readerA)).toBe('one,');
    quitter.abort();
    await expect(readerA.read()).rejects.toMatchObject({ name: 'AbortError' });
    network.send('two');
    network.end();
    expect(await b!.text()).toBe('one,two');
    expect(network.cancelled).toBe(false);
    await cf.cache.settled();
    const hit = await cf(`${ORIGIN}/mid`);
    expect(await hit.text()).toBe('one,two');
    expect(hit.headers.get('cache-status')).toContain('hit');
    expect(network.calls).toHaveLength(1);
  });

  it('a hung origin with every caller aborting: all reject with AbortError; a new caller starts afresh', async () => {
    origin.reply('/hung', () => new Promise<never>(() => {}), {
      headers: { 'cache-control': 'max-age=60' },
      body: 'recovered',
    });
    const cf = makeCachedFetch();
    const controllers = [0, 1, 2].map(() => new AbortController());
    const pending = controllers.map((c) => cf(`${ORIGIN}/hung`, { signal: c.signal }));
    await origin.arrived('/hung');
    expect(origin.seen('/hung')).toHaveLength(1);
    for (const controller of controllers) controller.abort();
    const errors = await Promise.all(pending.map(rejection));
    for (const error of errors) expect(error).toMatchObject({ name: 'AbortError' });
    // Every waiter left: a new caller must start afresh, not join the abandoned, aborted work.
    const next = await cf(`${ORIGIN}/hung`);
    expect(await next.text()).toBe('recovered');
    expect(origin.seen('/hung')).toHaveLength(2);
  });

  it('work abandoned by every waiter is never joined, even when the network is slow to stop', async () => {
    let calls = 0;
    const called = gate();
    // A network that does not stop when aborted (e.g. a fetch wrapper that drops the signal).
    const network = (async () => {
      calls++;
      called.open();
      if (calls === 1) return new Promise<never>(() => {});
      return new Response('fresh', { headers: { 'cache-control': 'max-age=60' } });
    }) as typeof fetch;
    const cf = makeCachedFetch({ fetch: network });
    const controller = new AbortController();
    const abandoned = cf(`${ORIGIN}/slowstop`, { signal: controller.signal });
    await called.opened;
    controller.abort();
    expect(await rejection(abandoned)).toMatchObject({ name: 'AbortError' });
    const next = await cf(`${ORIGIN}/slowstop`);
    expect(await next.text()).toBe('fresh');
    expect(calls).toBe(2);
  });

  it('the shared network request is aborted only once the last waiter has aborted', async () => {
    const calls: Request[] = [];
    const called = gate();
    const hung = (input: RequestInfo | URL) => {
      const request = input as Request;
      calls.push(request);
      called.open();
      return new Promise<Response>((_, reject) => {
        request.signal.addEventListener('abort', () => reject(request.signal.reason), {
          once: true,
        });
      });
    };
    const cf = makeCachedFetch({ fetch: hung as typeof fetch });
    const first = new AbortController();
    const second = new AbortController();
    const a = cf(`${ORIGIN}/net`, { signal: first.signal });
    const b = cf(`${ORIGIN}/net`, { signal: second.signal });
    await called.opened;
    expect(calls).toHaveLength(1);
    first.abort();
    expect(await rejection(a)).toMatchObject({ name: 'AbortError' });
    expect(calls[0]!.signal.aborted).toBe(false);
    second.abort();
    expect(await rejection(b)).toMatchObject({ name: 'AbortError' });
    expect(calls[0]!.signal.aborted).toBe(true);
  });
});
