// Bodies as two engines treat them, imitated on Node's own Request (undici, whose fetch reads a
// request's body from its internal state, not through these methods), against a real node:http
// origin. The engines themselves: test/node/tabs-outbox-replay.test.ts. Firefox has no
// `Request.prototype.body`: replays went out with no body at all. WebKit rejects every read of a
// FormData body that holds a file ("Unable to read form data blob"): such a write rejected with
// InvalidStateError, online too. Both found by those real-browser tests (issue 22).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdempotentOrigin } from './idempotent-origin';
import { cachedFetchFor } from './support';

let origin: IdempotentOrigin;

beforeEach(async () => {
  origin = new IdempotentOrigin();
  await origin.start();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await origin.stop();
});

describe('outbox bodies under engine quirks', () => {
  it('without Request.prototype.body (Firefox), a replay still carries the body', async () => {
    vi.spyOn(Request.prototype, 'body', 'get').mockReturnValue(undefined as never);
    const cf = cachedFetchFor({ outbox: true });
    await origin.stop();
    expect((await cf(`${origin.url}/todos`, { method: 'POST', body: 'milk' })).status).toBe(202);
    expect((await cf(`${origin.url}/todos/1`, { method: 'DELETE' })).status).toBe(202);
    await origin.start();
    await cf.cache.outbox!.flush();
    const [post, del] = origin.received;
    expect(post!.body.toString()).toBe('milk');
    expect(post!.contentType).toBe('text/plain;charset=UTF-8');
    expect(del!.method).toBe('DELETE');
    expect(del!.body).toHaveLength(0); // no body made up for a write that had none
    expect(await cf.cache.outbox!.list()).toEqual([]);
    await cf.cache.close();
  });

  it('a FormData with a file the engine cannot read back (WebKit): encoded by the outbox, the same bytes on the first attempt and the replay', async () => {
    const read = Request.prototype.arrayBuffer;
    let refused = 0;
    vi.spyOn(Request.prototype, 'arrayBuffer').mockImplementation(function (this: Request) {
      if (
        this.headers
          .get('content-type')
          ?.startsWith('multipart/form-data; boundary=----formdata-undici')
      ) {
        refused++;
        return Promise.reject(
          new DOMException('Unable to read form data blob', 'InvalidStateError'),
        );
      }
      return read.call(this);
    });
    const cf = cachedFetchFor({ outbox: true });
    const file = new Uint8Array(3000).map((_, i) => i % 251);
    const form = new FormData();
    form.append('title', 'photo');
    form.append('file', new File([file], 'photo.bin', { type: 'application/octet-stream' }));
    origin.next({ status: 503 });
    expect((await cf(`${origin.url}/form`, { method: 'POST', body: form })).status).toBe(202);
    expect(refused).toBe(1);
    await cf.cache.outbox!.flush();
    const [first, replay] = origin.received;
    expect(replay!.contentType).toMatch(
      /^multipart\/form-data; boundary=----CachedFetchFormBoundary/,
    );
    expect(first!.contentType).toBe(replay!.contentType);
    expect(replay!.body.equals(first!.body)).toBe(true);
    const parsed = await new Response(new Uint8Array(replay!.body), {
      headers: { 'content-type': replay!.contentType! },
    }).formData();
    expect(parsed.get('title')).toBe('photo');
    const back = parsed.get('file') as File;
    expect(back.name).toBe('photo.bin');
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(file);
    expect(origin.applied).toHaveLength(1);
    await cf.cache.close();
  });
});
