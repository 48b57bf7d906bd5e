// Issue 22, replay: in order per queue, each write marked in flight before it goes, with the same
// Idempotency-Key, byte for byte; outcomes 2xx / final 4xx / retryable; never across users.
import { describe, expect, it, vi } from 'vitest';
import {
  bodyText,
  down,
  makeCachedFetch,
  ORIGIN,
  type Reply,
  recordEvents,
  useMockOrigin,
} from './support';

const origin = useMockOrigin();
const url = `${ORIGIN}/todos`;

/** A cached fetch whose writes to /todos were queued while the origin was down. */
async function queued(bodies: BodyInit[], options: Parameters<typeof makeCachedFetch>[0] = {}) {
  origin.reply('/todos', down);
  const cf = makeCachedFetch({ outbox: true, ...options });
  const ids: string[] = [];
  for (const body of bodies) {
    const res = await cf(url, { method: 'POST', body });
    expect(res.status).toBe(202);
    ids.push(res.headers.get('x-outbox-id')!);
  }
  await cf.cache.settled();
  return { cf, ids, keys: (await cf.cache.outbox!.list()).map((item) => item.idempotencyKey) };
}

/** What the origin received for /todos since `from`: bodies and keys. */
async function received(from = 0) {
  const requests = origin.seen('/todos').slice(from);
  return Promise.all(
    requests.map(async (r) => ({ body: await bodyText(r), key: r.headers.get('idempotency-key') })),
  );
}

describe('outbox: replay', () => {
  it('three writes while the origin is down, then flush: exactly three, in order, each with its key', async () => {
    const { cf, keys } = await queued(['one', 'two', 'three']);
    const before = origin.seen('/todos').length;
    origin.reply('/todos', { status: 201 });
    await cf.cache.outbox!.flush();
    expect(await received(before)).toEqual([
      { body: 'one', key: keys[0] },
      { body: 'two', key: keys[1] },
      { body: 'three', key: keys[2] },
    ]);
    expect(new Set(keys).size).toBe(3);
    expect(await cf.cache.outbox!.list()).toEqual([]);
    await cf.cache.outbox!.flush();
    expect(origin.seen('/todos')).toHaveLength(before + 3);
  });

  it('the replay carries the Idempotency-Key of the first attempt', async () => {
    const { cf } = await queued(['one']);
    const firstKey = origin.seen('/todos')[0]!.headers.get('idempotency-key');
    origin.reply('/todos', { status: 201 });
    await cf.cache.outbox!.flush();
    expect(origin.seen('/todos').at(-1)!.headers.get('idempotency-key')).toBe(firstKey);
  });

  it('bodies replay byte for byte with their content type: string, ArrayBuffer, view, Blob, URLSearchParams, FormData with a file', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const form = new FormData();
    form.append('title', 'milk');
    form.append('photo', new File([bytes], 'p.bin', { type: 'application/octet-stream' }));
    const bodies: BodyInit[] = [
      'text é',
      bytes.buffer.slice(0),
      new Uint8Array(bytes.buffer, 1, 3),
      new Blob([bytes], { type: 'image/x-test' }),
      new URLSearchParams({ a: '1', b: 'é' }),
      form,
    ];
    const replays: Request[] = [];
    for (const body of bodies) {
      const before = origin.seen('/todos').length;
      const { cf } = await queued([body]);
      const [first] = origin.seen('/todos').slice(before);
      origin.reply('/todos', { status: 201 });
      await cf.cache.outbox!.flush();
      const [, replay] = origin.seen('/todos').slice(before);
      expect(new Uint8Array(await replay!.clone().arrayBuffer())).toEqual(
        new Uint8Array(await first!.clone().arrayBuffer()),
      );
      expect(replay!.headers.get('content-type')).toBe(first!.headers.get('content-type'));
      replays.push(replay!);
    }
    expect(replays[3]!.headers.get('content-type')).toBe('image/x-test');
    expect(replays[5]!.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const parsed = await replays[5]!.clone().formData();
    expect(parsed.get('title')).toBe('milk');
    expect(new Uint8Array(await (parsed.get('photo') as File).arrayBuffer())).toEqual(bytes);
  });

  it('2xx: removed, `sent` with status, headers and a readable body, result(id), after §4.4 invalidation', async () => {
    origin.reply('/todos', { headers: { 'cache-control': 'max-age=600' }, body: 'list v1' });
    const { cf, ids } = await (async () => {
      const cf = makeCachedFetch({ outbox: true });
      await (await cf(url)).text();
      await cf.cache.settled();
      origin.reply('/todos', down);
      const res = await cf(url, { method: 'POST', body: 'milk' });
      return { cf, ids: [res.headers.get('x-outbox-id')!] };
    })();
    const result = cf.cache.outbox!.result(ids[0]!);
    const sent: string[] = [];
    cf.cache.addEventListener('sent', async (event) => {
      sent.push(
        `${event.id} ${event.status} ${event.headers.get('x-made')} ${await event.response.text()}`,
      );
    });
    origin.reply(
      '/todos',
      { status: 201, headers: { 'x-made': 'yes' }, body: 'created' },
      { headers: { 'cache-control': 'max-age=600' }, body: 'list v2' },
    );
    await cf.cache.outbox!.flush();
    const outcome = await result;
    expect(outcome.status).toBe('sent');
    expect(await outcome.response!.text()).toBe('created');
    await cf.cache.settled();
    expect(sent).toEqual([`${ids[0]} 201 yes created`]);
    // The stored list was invalidated: the next GET goes to the origin.
    expect(await (await cf(url)).text()).toBe('list v2');
  });

  it('a replayed write answered with Cache-Group-Invalidation revalidates the group, as online', async () => {
    const tagged =
      (body: string) =>
      (request: Request): Reply =>
        request.headers.get('if-none-match') === '"v1"'
          ? { status: 304, headers: { etag: '"v1"', 'cache-control': 'max-age=600' } }
          : {
              headers: { etag: '"v1"', 'cache-control': 'max-age=600', 'cache-groups': '"todos"' },
              body,
            };
    origin.reply('/todos/summary', tagged('summary'));
    const cf = makeCachedFetch({ outbox: true });
    await (await cf(`${ORIGIN}/todos/summary`)).text();
    await cf.cache.settled();
    origin.reply('/todos', down);
    expect((await cf(url, { method: 'POST', body: 'milk' })).status).toBe(202);
    origin.reply('/todos', { status: 201, headers: { 'cache-group-invalidation': '"todos"' } });
    await cf.cache.outbox!.flush();
    await cf.cache.settled();
    await (await cf(`${ORIGIN}/todos/summary`)).text();
    const seen = origin.seen('/todos/summary').map((r) => r.headers.has('if-none-match'));
    expect(seen).toEqual([false, true]);
  });

  it('a 400 is final: failed, `failed` with the response, never retried', async () => {
    const { cf, ids } = await queued(['bad']);
    const events = recordEvents(cf, 'failed');
    origin.reply('/todos', { status: 400, body: 'no' });
    const result = cf.cache.outbox!.result(ids[0]!);
    await cf.cache.outbox!.flush();
    const count = origin.seen('/todos').length;
    await cf.cache.outbox!.flush();
    expect(origin.seen('/todos')).toHaveLength(count);
    const outcome = await result;
    expect(outcome.status).toBe('failed');
    expect(await outcome.response!.text()).toBe('no');
    expect(events).toHaveLength(1);
    expect(events[0]![1]).toMatchObject({
      id: ids[0],
      reason: 'rejected',
      status: 400,
      conflict: false,
    });
    expect(await cf.cache.outbox!.list()).toMatchObject([
      { id: ids[0], state: 'failed', lastStatus: 400 },
    ]);
  });

  it('409 and 412 are conflicts: failed with conflict: true', async () => {
    const { cf } = await queued(['a', 'b']);
    const events = recordEvents(cf, 'failed');
    origin.reply('/todos', { status: 409 }, { status: 412 });
    await cf.cache.outbox!.flush();
    expect(
      events.map(([, e]) => [
        (e as { status: number }).status,
        (e as { conflict: boolean }).conflict,
      ]),
    ).toEqual([
      [409, true],
      [412, true],
    ]);
    expect((await cf.cache.outbox!.list()).map((item) => item.conflict)).toEqual([true, true]);
  });

  it('503 with Retry-After: 1 is retried after it, not before; the queue waits behind it', async () => {
    const { cf } = await queued(['first', 'second']);
    const start = origin.seen('/todos').length;
    origin.reply('/todos', { status: 503, headers: { 'retry-after': '1' } }, { status: 201 });
    await cf.cache.outbox!.flush();
    expect(await received(start)).toHaveLength(1); // the first, answered 503; the second waits
    cf.clock.advance(999);
    await cf.cache.outbox!.flush();
    expect(await received(start)).toHaveLength(1);
    cf.clock.advance(1);
    await cf.cache.outbox!.flush();
    expect((await received(start)).map((r) => r.body)).toEqual(['first', 'first', 'second']);
  });

  it('408, 425, 429, 5xx and network errors are retried up to maxAttempts, then failed', async () => {
    const { cf, ids } = await queued(['x'], { outbox: { maxAttempts: 5 } });
    const events = recordEvents(cf, 'failed');
    origin.reply('/todos', { status: 408 }, { status: 425 }, { status: 429 }, { status: 500 });
    for (let i = 0; i < 4; i++) await cf.cache.outbox!.flush();
    // Five attempts: the first (network error) and four replays; then final.
    expect(events).toHaveLength(1);
    expect(events[0]![1]).toMatchObject({
      id: ids[0],
      reason: 'attempts',
      status: 500,
      attempts: 5,
    });
    await cf.cache.outbox!.flush();
    expect(origin.seen('/todos')).toHaveLength(5);
  });

  it('past maxAgeMs a write that fails again is failed', async () => {
    const { cf } = await queued(['x'], { outbox: { maxAgeMs: 60_000 } });
    const events = recordEvents(cf, 'failed');
    cf.clock.advance(60_000);
    await cf.cache.outbox!.flush();
    expect(events[0]![1]).toMatchObject({ reason: 'age' });
    expect((await cf.cache.outbox!.list())[0]!.state).toBe('failed');
  });

  it('a replay cut off after the origin acted is sent again with the same key: an origin that honours it applies it once', async () => {
    const { cf } = await queued(['once']);
    const applied = new Map<string, number>();
    let cut = true;
    origin.reply('/todos', (request) => {
      const key = request.headers.get('idempotency-key')!;
      if (!applied.has(key)) applied.set(key, applied.size);
      if (cut) {
        cut = false; // acted, then the connection dropped before the answer
        return { networkError: true };
      }
      return { status: 201 };
    });
    await cf.cache.outbox!.flush();
    expect((await cf.cache.outbox!.list())[0]).toMatchObject({ attempts: 2, inFlight: false });
    await cf.cache.outbox!.flush();
    expect(applied.size).toBe(1);
    expect(await cf.cache.outbox!.list()).toEqual([]);
  });

  it('with networkTimeout, a replay whose head is late is given up and retried later with its key', async () => {
    const { cf } = await queued(['slow'], { networkTimeout: 30 });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    origin.reply(
      '/todos',
      async () => {
        await released;
        return { status: 201 };
      },
      { status: 201 },
    );
    await cf.cache.outbox!.flush();
    release();
    expect(await cf.cache.outbox!.list()).toMatchObject([
      {
        state: 'pending',
        attempts: 2,
        lastError: expect.stringMatching(/no response head within 30 ms/),
      },
    ]);
    await cf.cache.outbox!.flush();
    expect(await cf.cache.outbox!.list()).toEqual([]);
    const keys = origin.seen('/todos').map((r) => r.headers.get('idempotency-key'));
    expect(new Set(keys).size).toBe(1);
  });

  it('each write is marked in flight in the store before it is sent', async () => {
    const { cf } = await queued(['x']);
    let seenInFlight: unknown;
    origin.reply('/todos', async () => {
      seenInFlight = (await cf.cache.outbox!.list())[0];
      return { status: 201 };
    });
    await cf.cache.outbox!.flush();
    expect(seenInFlight).toMatchObject({ inFlight: true, attempts: 2 });
  });

  it('logout between queue and replay: nothing of alice is sent with bob signed in, and clear drops it', async () => {
    let user = 'alice';
    const { cf } = await queued(['alice writes'], { partition: () => user });
    const cleared = recordEvents(cf, 'cleared');
    const before = origin.seen('/todos').length;
    origin.reply('/todos', { status: 201 });
    user = 'bob';
    await cf.cache.outbox!.flush();
    expect(origin.seen('/todos')).toHaveLength(before);
    expect(await cf.cache.clear({ partition: 'alice' })).toBe(0);
    expect(cleared[0]![1]).toMatchObject({ partition: 'alice', writes: 1 });
    user = 'alice';
    await cf.cache.outbox!.flush();
    expect(origin.seen('/todos')).toHaveLength(before);
    expect(await cf.cache.outbox!.list()).toEqual([]);
  });

  it('retry(id) puts a failed write back and sends it; discard(id) removes one; result(id) of an unknown id rejects', async () => {
    const { cf, ids } = await queued(['a', 'b']);
    origin.reply('/todos', { status: 400 }, { status: 400 }, { status: 201 });
    await cf.cache.outbox!.flush();
    expect((await cf.cache.outbox!.list()).map((item) => item.state)).toEqual(['failed', 'failed']);
    const discarded = await cf.cache.outbox!.discard(ids[1]!);
    expect(discarded).toBe(true);
    await cf.cache.outbox!.retry(ids[0]!);
    expect(await cf.cache.outbox!.list()).toEqual([]);
    expect(origin.seen('/todos').at(-1)!.headers.get('idempotency-key')).toBe(
      origin.seen('/todos')[0]!.headers.get('idempotency-key'),
    );
    await expect(cf.cache.outbox!.result('nope')).rejects.toThrow(TypeError);
    await expect(cf.cache.outbox!.retry('nope')).rejects.toThrow(TypeError);
  });
});

describe('outbox: what sets a replay off', () => {
  it('a successful response from that origin', async () => {
    const { cf } = await queued(['x']);
    origin.reply('/todos', { status: 201 });
    origin.reply('/ping', { body: 'pong', headers: { 'cache-control': 'no-store' } });
    await (await cf(`${ORIGIN}/ping`)).text();
    await cf.cache.settled();
    expect(await cf.cache.outbox!.list()).toEqual([]);
    expect((await received()).map((r) => r.body)).toEqual(['x', 'x']);
  });

  it('the `online` event', async () => {
    const { cf } = await queued(['x']);
    origin.reply('/todos', { status: 201 });
    globalThis.dispatchEvent(new Event('online'));
    await cf.cache.settled();
    expect(await cf.cache.outbox!.list()).toEqual([]);
  });

  it('the retry timer, after the backoff (1 s, jitter down to half)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { cf } = await queued(['x']);
      origin.reply('/todos', { status: 201 });
      await vi.advanceTimersByTimeAsync(490);
      await cf.cache.settled();
      expect(await cf.cache.outbox!.list()).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(510);
      await cf.cache.settled();
      expect(await cf.cache.outbox!.list()).toEqual([]);
      expect(origin.seen('/todos')).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('an abort by the caller is not queued', async () => {
    origin.reply('/todos', async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { status: 201 };
    });
    const cf = makeCachedFetch({ outbox: true });
    const controller = new AbortController();
    const call = cf(url, { method: 'POST', body: 'x', signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(call).rejects.toThrow(/abort/i);
    expect(await cf.cache.outbox!.list()).toEqual([]);
  });
});

describe('outbox: a replay is the request the caller made (decision 0020 on every path)', () => {
  it('keeps redirect, mode, integrity and referrer policy: a replay never follows a redirect the first attempt refused', async () => {
    const sent: Array<[RequestRedirect, RequestMode, string, ReferrerPolicy]> = [];
    let reachable = false;
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      sent.push([request.redirect, request.mode, request.integrity, request.referrerPolicy]);
      if (!reachable) throw new TypeError('Failed to fetch');
      return new Response(null, { status: 201 });
    };
    const cf = makeCachedFetch({ fetch: fetch as typeof globalThis.fetch, outbox: true });
    const res = await cf(url, {
      method: 'POST',
      body: 'x',
      redirect: 'error',
      mode: 'same-origin',
      referrerPolicy: 'no-referrer',
    });
    expect(res.status).toBe(202);
    reachable = true;
    await cf.cache.outbox!.flush();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[1]?.[0]).toBe('error');
    expect(sent[1]?.[1]).toBe('same-origin');
  });

  // A sent write's body read, trace and invalidation run side by side (decision 0024): the write
  // reached the origin, so what it changed is invalidated even when its trace cannot be written
  // (one after another, a failed trace skipped the invalidation), and the replay fails only once
  // that is done (never leaving it running unattended after the replay and its lock ended).
  it('a sent trace that cannot be written fails the replay after the §4.4 invalidation, not before', async () => {
    const { cf } = await queued(['one']);
    origin.reply('/todos', { status: 201 });
    const { MemoryOutboxStore } = await import('../../../src/fetch/outbox/outbox-store');
    const update = MemoryOutboxStore.prototype.update;
    const failing = vi.spyOn(MemoryOutboxStore.prototype, 'update').mockImplementation(function (
      this: InstanceType<typeof MemoryOutboxStore>,
      id,
      change,
    ) {
      const next = change({ state: 'pending' } as Parameters<typeof change>[0]);
      if (next?.state === 'sent') return Promise.reject(new Error('trace not written'));
      return update.call(this, id, change);
    });
    try {
      const events = recordEvents(cf, 'invalidated');
      let invalidatedBeforeFailure: boolean | undefined;
      await expect(
        cf.cache.outbox!.flush().catch((error: unknown) => {
          invalidatedBeforeFailure = events.length > 0;
          throw error;
        }),
      ).rejects.toThrow('trace not written');
      expect(invalidatedBeforeFailure).toBe(true);
    } finally {
      failing.mockRestore();
    }
  });
});
