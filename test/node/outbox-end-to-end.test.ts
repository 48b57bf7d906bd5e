// Issue 22 against a real node:http origin that honours Idempotency-Key and really goes down (its
// port refuses connections): queued writes reach it exactly once, in order, byte for byte.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheEventMap } from '../../src/index';
import { IdempotentOrigin } from './idempotent-origin';
import { cachedFetchFor, fixedClock } from './support';

let origin: IdempotentOrigin;

beforeEach(async () => {
  origin = new IdempotentOrigin();
  await origin.start();
});
afterEach(() => origin.stop());

const post = (body: BodyInit, init: RequestInit = {}) => ({ method: 'POST', body, ...init });

describe('outbox end to end (node:http origin honouring Idempotency-Key)', () => {
  it('three writes while the origin is down, origin up, flush: exactly three, in order, each with its key', async () => {
    const cf = cachedFetchFor({ outbox: true });
    await origin.stop();
    for (const body of ['one', 'two', 'three']) {
      expect((await cf(`${origin.url}/todos`, post(body))).status).toBe(202);
    }
    expect(origin.received).toEqual([]);
    await origin.start();
    await cf.cache.outbox!.flush();
    expect(origin.received.map((r) => r.body.toString())).toEqual(['one', 'two', 'three']);
    const keys = origin.received.map((r) => r.key);
    expect(new Set(keys).size).toBe(3);
    expect(keys.every((key) => /^[0-9a-f-]{36}$/.test(key!))).toBe(true);
    expect((await cf.cache.outbox!.list()).map((item) => item.idempotencyKey)).toEqual([]);
    await cf.cache.close();
  });

  it('a replay cut off after the origin applied it is retried with the same key and applied once', async () => {
    const cf = cachedFetchFor({ outbox: true });
    await origin.stop();
    await cf(`${origin.url}/todos`, post('once'));
    await origin.start();
    origin.next('apply-then-drop');
    await cf.cache.outbox!.flush();
    expect(await cf.cache.outbox!.list()).toMatchObject([{ attempts: 2, state: 'pending' }]);
    await cf.cache.outbox!.flush();
    expect(origin.received).toHaveLength(2);
    expect(origin.received[0]!.key).toBe(origin.received[1]!.key);
    expect(origin.applied).toHaveLength(1);
    expect(await cf.cache.outbox!.list()).toEqual([]);
    await cf.cache.close();
  });

  it('a first attempt that reached the origin but got a 503 is replayed with its key', async () => {
    const cf = cachedFetchFor({ outbox: true });
    origin.next({ status: 503 });
    expect((await cf(`${origin.url}/todos`, post('x'))).status).toBe(202);
    await cf.cache.outbox!.flush();
    expect(origin.received.map((r) => r.key)).toEqual([
      origin.received[0]!.key,
      origin.received[0]!.key,
    ]);
    expect(origin.applied).toHaveLength(1);
    await cf.cache.close();
  });

  it('a 400 is not retried; a 409 is reported as a conflict', async () => {
    const cf = cachedFetchFor({ outbox: true });
    const failed: CacheEventMap['failed'][] = [];
    cf.cache.addEventListener('failed', (event) => failed.push(event));
    await origin.stop();
    await cf(`${origin.url}/a`, post('bad'));
    await cf(`${origin.url}/b`, post('stale edit'));
    await origin.start();
    origin.next({ status: 400, body: 'invalid' }, { status: 409, body: 'changed' });
    await cf.cache.outbox!.flush();
    await cf.cache.outbox!.flush();
    expect(origin.received).toHaveLength(2);
    expect(failed.map((e) => [e.status, e.conflict, e.reason])).toEqual([
      [400, false, 'rejected'],
      [409, true, 'rejected'],
    ]);
    expect(await failed[1]!.response!.text()).toBe('changed');
    await cf.cache.close();
  });

  it('503 with Retry-After: 1 is retried after it, not before', async () => {
    const clock = fixedClock();
    const cf = cachedFetchFor({ outbox: true, now: clock.now });
    await origin.stop();
    await cf(`${origin.url}/todos`, post('later'));
    await origin.start();
    origin.next({ status: 503, headers: { 'retry-after': '1' } });
    await cf.cache.outbox!.flush();
    expect(origin.received).toHaveLength(1);
    clock.advance(500);
    await cf.cache.outbox!.flush();
    expect(origin.received).toHaveLength(1);
    clock.advance(500);
    await cf.cache.outbox!.flush();
    expect(origin.received).toHaveLength(2);
    expect(origin.applied).toHaveLength(1);
    await cf.cache.close();
  });

  it('FormData with a file and a Blob are replayed byte for byte with their content type', async () => {
    const cf = cachedFetchFor({ outbox: true });
    const file = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const form = new FormData();
    form.append('title', 'photo');
    form.append('file', new File([file], 'photo.bin', { type: 'application/octet-stream' }));
    const blob = new Blob([file.subarray(0, 999)], { type: 'image/x-test' });
    origin.next({ status: 503 });
    await cf(`${origin.url}/form`, post(form));
    // Queued behind the form (same queue: this partition, this origin), never sent before it.
    expect((await cf(`${origin.url}/blob`, post(blob))).status).toBe(202);
    await cf.cache.outbox!.flush();
    const [formFirst, formReplay, blobReplay] = origin.received;
    expect(formReplay!.path).toBe('/form');
    expect(formReplay!.body.equals(formFirst!.body)).toBe(true);
    expect(formReplay!.contentType).toBe(formFirst!.contentType);
    expect(formReplay!.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(formReplay!.body.includes(Buffer.from(file))).toBe(true);
    expect(blobReplay!.body.equals(Buffer.from(file.subarray(0, 999)))).toBe(true);
    expect(blobReplay!.path).toBe('/blob');
    expect(blobReplay!.contentType).toBe('image/x-test');
    await cf.cache.close();
  });

  it('a stream body cannot be queued: the call rejects with a TypeError saying why', async () => {
    const cf = cachedFetchFor({ outbox: true });
    await origin.stop();
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed'));
        controller.close();
      },
    });
    await expect(
      cf(`${origin.url}/todos`, post(body, { duplex: 'half' } as RequestInit)),
    ).rejects.toThrow(/ReadableStream, which can be read only once/);
    expect(await cf.cache.outbox!.list()).toEqual([]);
    await cf.cache.close();
  });

  it('logout between queue and replay: nothing of alice is sent, with bob signed in or after', async () => {
    let user = 'alice';
    const cf = cachedFetchFor({ outbox: true, partition: () => user });
    await origin.stop();
    await cf(`${origin.url}/todos`, post('alice’s note', { headers: { authorization: 'alice' } }));
    await origin.start();
    user = 'bob';
    await cf(`${origin.url}/ping`); // a success from that origin sets a replay off: bob's partition
    await cf.cache.outbox!.flush();
    await cf.cache.clear({ partition: 'alice' });
    user = 'alice';
    await cf.cache.outbox!.flush();
    await cf.cache.settled();
    expect(origin.received.map((r) => r.method)).toEqual(['GET']);
    await cf.cache.close();
  });

  it('a successful response from that origin replays what waits for it', async () => {
    const cf = cachedFetchFor({ outbox: true });
    await origin.stop();
    await cf(`${origin.url}/todos`, post('x'));
    await origin.start();
    await (await cf(`${origin.url}/ping`)).text();
    await cf.cache.settled();
    expect(origin.applied.map((r) => r.body.toString())).toEqual(['x']);
    await cf.cache.close();
  });
});
