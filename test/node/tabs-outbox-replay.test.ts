// Issue 22's outcomes, bodies and reload in each engine's own page (Chromium, Firefox, WebKit: the
// ENGINE of the pages project), against the node:http page server that is also the test origin.
// "Offline" is real: the server stops listening (`server.down()`), so the page's requests fail as
// against a server that is gone, and the writes are queued without the origin seeing them. Every
// assertion on delivery is about what the origin recorded (count, order, Idempotency-Key, bytes,
// arrival times); the tests wait on result(id), flush() and settled(), not on the clock.
import { describe, expect, it } from 'vitest';
import { patternBytes } from '../origin/pattern-bytes';
import type { SeenRequest } from '../origin/server';
import type { PageServer } from './page-harness';
import { Tab, uniqueDbName, useTabsHarness } from './tabs-support';

const harness = useTabsHarness();

/** The writes (not GETs) the origin recorded at `path`. */
async function writesAt(server: PageServer, path: string): Promise<SeenRequest[]> {
  return (await server.origin.log(path)).filter((r) => r.method !== 'GET');
}

/** Queues a POST while the server is down; resolves to its outbox id. */
async function queuePost(
  tab: Tab,
  url: string,
  body: string,
  headers: Record<string, string> = {},
) {
  const response = await tab.fetchOk('c', url, { method: 'POST', body, headers });
  expect(response.status).toBe(202);
  expect(response.headers['cache-status']).toContain('detail="queued"');
  return response.headers['x-outbox-id']!;
}

const bytesOf = (request: SeenRequest | undefined) => Buffer.from(request?.body ?? '', 'base64');

describe('outbox outcomes in a real browser', () => {
  it('a 400 is not retried and a 409 is reported as a conflict: the origin sees each once', async () => {
    const { server, context } = await harness.start();
    const bad = server.origin.path('bad');
    const conflict = server.origin.path('conflict');
    // Scripted before going down (the control endpoint is the same server).
    await server.origin.script(bad, { status: 400, body: 'invalid' });
    await server.origin.script(conflict, { status: 409, body: 'changed meanwhile' });
    const ping = server.origin.path('ping');
    await server.origin.script(ping, { headers: { 'cache-control': 'no-store' }, body: 'up' });
    const tab = await Tab.open(context, `${server.url}/`);
    await tab.openCache('c', { dbName: uniqueDbName('outcomes'), outbox: true });
    await tab.settled('c');

    await server.down();
    const badId = await queuePost(tab, `${server.url}${bad}`, 'not valid');
    const conflictId = await queuePost(tab, `${server.url}${conflict}`, 'a stale edit');
    await tab.outboxAwait('c', badId);
    await tab.outboxAwait('c', conflictId);
    const queued = await tab.page.evaluate(() => window.harness.outboxList('c'));
    expect(queued.map((w) => w.id)).toEqual([badId, conflictId]);
    await server.up();
    expect(await writesAt(server, bad)).toEqual([]); // refused: nothing reached it

    await tab.page.evaluate(() => window.harness.outboxFlush('c'));
    expect(await tab.outboxResult(badId)).toEqual({ status: 'failed', response: true });
    expect(await tab.outboxResult(conflictId)).toEqual({ status: 'failed', response: true });
    // Every later trigger leaves them alone: flush(), and a response from that origin.
    expect((await tab.fetchOk('c', `${server.url}${ping}`)).body).toBe('up');
    await tab.settled('c');
    const left = await tab.page.evaluate(() => window.harness.outboxFlush('c'));
    expect(left.map((w) => [w.id, w.state])).toEqual([
      [badId, 'failed'],
      [conflictId, 'failed'],
    ]);

    const seenBad = await writesAt(server, bad);
    const seenConflict = await writesAt(server, conflict);
    expect(seenBad).toHaveLength(1);
    expect(seenConflict).toHaveLength(1);
    expect(bytesOf(seenBad[0]).toString()).toBe('not valid');
    expect(seenBad[0]!.headers['idempotency-key']).toBe(queued[0]!.key);
    expect(seenConflict[0]!.headers['idempotency-key']).toBe(queued[1]!.key);
    const failed = (await tab.events('c')).filter((e) => e.type === 'failed');
    expect(
      failed.map((e) => [e.detail.id, e.detail.status, e.detail.reason, e.detail.conflict]),
    ).toEqual([
      [badId, 400, 'rejected', false],
      [conflictId, 409, 'rejected', true],
    ]);
    expect(failed.map((e) => e.detail.response)).toEqual(['Response 400', 'Response 409']);
    expect(await tab.errors()).toEqual([]);
  }, 30_000);

  it('a 503 with Retry-After: 1 is retried after it, not before, even when flushed', async () => {
    const { server, context } = await harness.start();
    const path = server.origin.path('busy');
    await server.origin.script(
      path,
      { status: 503, headers: { 'retry-after': '1' }, body: 'busy' },
      { status: 201 },
    );
    const tab = await Tab.open(context, `${server.url}/`);
    await tab.openCache('c', { dbName: uniqueDbName('retry-after'), outbox: true });
    await tab.settled('c');
    await server.down();
    const id = await queuePost(tab, `${server.url}${path}`, 'later');
    await tab.outboxAwait('c', id);
    await server.up();

    // The replay gets the 503; a flush right after it sends nothing: Retry-After holds the queue.
    expect(await tab.page.evaluate(() => window.harness.outboxFlush('c'))).toHaveLength(1);
    expect(await writesAt(server, path)).toHaveLength(1);
    expect(await tab.page.evaluate(() => window.harness.outboxFlush('c'))).toHaveLength(1);
    expect(await writesAt(server, path)).toHaveLength(1);
    // The retry timer sends it once Retry-After has passed.
    expect(await tab.outboxResult(id)).toEqual({ status: 'sent', response: true });
    const seen = await writesAt(server, path);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.headers['idempotency-key']).toBe(seen[0]!.headers['idempotency-key']);
    // One second after the 503 arrived, by the origin's clock.
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(1_000);
    expect(await tab.errors()).toEqual([]);
  }, 30_000);
});

describe('outbox bodies in a real browser', () => {
  it('FormData with a File, and a Blob, are replayed byte for byte with their content type', async () => {
    const { server, context } = await harness.start();
    const form = server.origin.path('form');
    const blob = server.origin.path('blob');
    // The form's first attempt reaches the origin and gets a 503: the origin has the bytes the
    // browser sent first, to compare the replay with. The blob goes behind it, unsent.
    await server.origin.script(form, { status: 503 }, { status: 201 });
    await server.origin.script(blob, { status: 201 });
    const tab = await Tab.open(context, `${server.url}/`);
    await tab.openCache('c', { dbName: uniqueDbName('bodies'), outbox: true });
    const file = { name: 'photo.bin', type: 'application/octet-stream', bytes: 70_000 };
    const formSent = await tab.fetchOk('c', `${server.url}${form}`, {
      method: 'POST',
      made: { kind: 'form', title: 'photo', file },
    });
    expect(formSent.status).toBe(202);
    const blobSent = await tab.fetchOk('c', `${server.url}${blob}`, {
      method: 'POST',
      made: { kind: 'blob', type: 'image/x-test', bytes: 999 },
    });
    expect(blobSent.status).toBe(202);
    const formId = formSent.headers['x-outbox-id']!;
    const blobId = blobSent.headers['x-outbox-id']!;
    await tab.outboxAwait('c', formId);
    await tab.outboxAwait('c', blobId);
    expect(await writesAt(server, blob)).toEqual([]);

    await tab.page.evaluate(() => window.harness.outboxFlush('c'));
    expect(await tab.outboxResult(formId)).toMatchObject({ status: 'sent' });
    expect(await tab.outboxResult(blobId)).toMatchObject({ status: 'sent' });

    const [first, replay, ...more] = await writesAt(server, form);
    expect(more).toEqual([]);
    expect(replay!.headers['content-type']).toMatch(/^multipart\/form-data; ?boundary=/);
    expect(replay!.headers['content-type']).toBe(first!.headers['content-type']);
    expect(replay!.bodyBytes).toBe(first!.bodyBytes);
    expect(bytesOf(replay).equals(bytesOf(first))).toBe(true);
    // And those bytes are the form: the title field, and the file's part with every byte of it.
    const boundary = replay!.headers['content-type']!.split('boundary=')[1]!;
    const parts = multipartParts(bytesOf(replay), boundary);
    expect(parts.map((p) => p.head)).toEqual([
      'Content-Disposition: form-data; name="title"',
      expect.stringMatching(
        /^Content-Disposition: form-data; name="file"; filename="photo.bin"\r\nContent-Type: application\/octet-stream$/,
      ),
    ]);
    expect(parts[0]!.body.toString()).toBe('photo');
    expect(parts[1]!.body.equals(Buffer.from(patternBytes(file.bytes)))).toBe(true);

    const blobSeen = await writesAt(server, blob);
    expect(blobSeen).toHaveLength(1);
    expect(blobSeen[0]!.headers['content-type']).toBe('image/x-test');
    expect(bytesOf(blobSeen[0]).equals(Buffer.from(patternBytes(999)))).toBe(true);
    expect(await tab.errors()).toEqual([]);
  }, 30_000);

  it('a ReadableStream body is never queued: the call rejects saying why', async () => {
    const { server, context } = await harness.start();
    const path = server.origin.path('stream');
    const tab = await Tab.open(context, `${server.url}/`);
    await tab.openCache('c', { dbName: uniqueDbName('stream'), outbox: true });
    await tab.settled('c');
    const streams = await tab.page.evaluate(() => window.harness.requestStreams());
    // Only Chromium sends a stream as a request body. Firefox ESR turns it into the text
    // "[object ReadableStream]" (the outbox goes by the body the caller gave all the same);
    // WebKitGTK keeps it in the Request but will not send it (below).
    expect({ engine: harness.engine, streams }).toEqual({
      engine: harness.engine,
      streams: harness.engine === 'chromium',
    });
    await server.down();
    const result = await tab.fetch('c', `${server.url}${path}`, {
      method: 'POST',
      made: { kind: 'stream', text: 'streamed' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    if (harness.engine === 'webkit') {
      // WebKitGTK takes the stream into a Request but rejects sending one, online or not, before
      // any connection: its own error reaches the caller, and nothing is queued.
      expect(result.error).toEqual({
        name: 'NotSupportedError',
        message: 'ReadableStream uploading is not supported',
        typeError: false,
      });
    } else {
      expect(result.error.typeError).toBe(true);
      expect(result.error.message).toMatch(
        /was not queued: its body is a ReadableStream, which can be read only once/,
      );
    }
    expect(await tab.page.evaluate(() => window.harness.outboxList('c'))).toEqual([]);
    await server.up();
    expect(await server.origin.log(path)).toEqual([]);
  }, 30_000);
});

describe('outbox across a real page reload', () => {
  it('three writes offline, a real reload, the origin back: exactly three, in order, with their keys, and the next GET shows the new data', async () => {
    const { server, context } = await harness.start();
    const path = server.origin.path('todos');
    const url = `${server.url}${path}`;
    const list = (body: string) => ({
      headers: { 'cache-control': 'max-age=3600', 'content-type': 'application/json' },
      body,
    });
    // The whole script first: the control endpoint is down with the server.
    await server.origin.script(
      path,
      list('[]'),
      { status: 201 },
      { status: 201 },
      { status: 201 },
      list('["todo 1","todo 2","todo 3"]'),
    );
    const dbName = uniqueDbName('reload');
    const tab = await Tab.open(context, `${server.url}/`);
    await tab.openCache('c', { dbName, outbox: true });
    expect((await tab.fetchOk('c', url, {}, true)).body).toBe('[]'); // stored, fresh for an hour

    await server.down();
    for (const n of [1, 2, 3]) await queuePost(tab, url, `todo ${n}`, { 'x-n': String(n) });
    const queued = await tab.page.evaluate(() => window.harness.outboxList('c'));
    expect(queued).toHaveLength(3);
    await tab.settled('c');
    await tab.page.evaluate(() => {
      window.beforeReload = 'old realm';
    });

    // The real reload: the page's own HTML and script need the server, which is down again
    // before the new document opens its cache (that opening replay is refused).
    await server.up();
    await tab.page.reload();
    await tab.ready();
    await server.down();
    expect(await tab.page.evaluate(() => window.beforeReload)).toBeUndefined();
    await tab.openCache('c', { dbName, outbox: true });
    await tab.settled('c');
    expect(await tab.page.evaluate(() => window.harness.outboxList('c'))).toEqual(queued);
    for (const write of queued) await tab.outboxAwait('c', write.id);

    // Back: the origin accepts connections again, the app flushes (Firefox and WebKit fire no
    // `online` for a server coming back; Chromium's offline mode is its own test).
    await server.up();
    expect(await writesAt(server, path)).toEqual([]);
    expect(await tab.page.evaluate(() => window.harness.outboxFlush('c'))).toEqual([]);
    for (const write of queued) {
      expect(await tab.outboxResult(write.id)).toEqual({ status: 'sent', response: true });
    }
    const posts = await writesAt(server, path);
    expect(posts.map((r) => [r.method, r.headers['x-n'], r.headers['idempotency-key']])).toEqual(
      queued.map((write, index) => ['POST', String(index + 1), write.key]),
    );
    expect(posts.map((r) => bytesOf(r).toString())).toEqual(['todo 1', 'todo 2', 'todo 3']);
    // The replays invalidated the stored list (RFC 9111 §4.4): the next GET asks the origin.
    expect((await tab.fetchOk('c', url)).body).toBe('["todo 1","todo 2","todo 3"]');
    expect((await server.origin.log(path)).filter((r) => r.method === 'GET')).toHaveLength(2);
    expect(await tab.errors()).toEqual([]);
  }, 60_000);
});

/** The parts of a multipart/form-data body (RFC 7578): each part's header block and body bytes. */
function multipartParts(body: Buffer, boundary: string): Array<{ head: string; body: Buffer }> {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Array<{ head: string; body: Buffer }> = [];
  let at = body.indexOf(delimiter);
  for (;;) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') return parts;
    const next = body.indexOf(delimiter, start);
    if (at < 0 || next < 0) throw new Error('not a complete multipart body');
    const part = body.subarray(start + 2, next - 2); // after CRLF, before the CRLF of the next
    const split = part.indexOf('\r\n\r\n');
    parts.push({ head: part.subarray(0, split).toString(), body: part.subarray(split + 4) });
    at = next;
  }
}
