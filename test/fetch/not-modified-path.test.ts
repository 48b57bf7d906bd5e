// RFC 9111 §4.3.4, the 304 path: the stored body comes with the lookup's read (or, where the store
// reads it apart, beside the round trip), and the caller does not wait for the metadata write (the
// next lookup in this tab does: read-your-writes).
import { describe, expect, it } from 'vitest';
import type { StoredResponse } from '../../src/policy/snapshot';
import type { StoredBody } from '../../src/store/cache-store';
import { MemoryStore } from '../../src/store/memory-store';
import { makeCachedFetch, ORIGIN, ReadCountingStore, useMockOrigin } from './support';

const origin = useMockOrigin();

/** Records store calls in order; `update` lands only when the test releases it. */
class WatchedStore extends MemoryStore {
  readonly log: string[] = [];
  holdUpdates = false;
  readonly held: Array<() => void> = [];

  override getBody(id: string): Promise<StoredBody | undefined> {
    this.log.push('getBody');
    return super.getBody(id);
  }

  override async update(id: string, response: StoredResponse): Promise<boolean> {
    this.log.push('update');
    if (this.holdUpdates) await new Promise<void>((resolve) => this.held.push(resolve));
    return super.update(id, response);
  }
}

describe('RFC 9111 §4.3.4: a 304', () => {
  it('has its stored body read before the network answers, and is served before the metadata write lands', async () => {
    origin.reply(
      '/nm',
      { headers: { 'cache-control': 'max-age=0', etag: '"a"' }, body: 'stored body' },
      () => {
        store.log.push('network');
        return { status: 304, headers: { 'cache-control': 'max-age=60', etag: '"a"' } };
      },
    );
    const store = new WatchedStore();
    const cf = makeCachedFetch({ store, memory: false });
    await (await cf(`${ORIGIN}/nm`)).text();
    await cf.cache.settled();
    store.log.length = 0;
    store.holdUpdates = true;

    const revalidated = await cf(`${ORIGIN}/nm`);
    expect(await revalidated.text()).toBe('stored body');
    expect(store.log).toEqual(['getBody', 'network', 'update']);
    expect(store.held).toHaveLength(1);

    // The next lookup waits for the freshened metadata, and so is a fresh hit.
    const next = cf(`${ORIGIN}/nm`);
    for (const release of store.held.splice(0)) release();
    const hit = await next;
    expect(hit.headers.get('cache-status')).toMatch(/^cached-fetch; hit/);
    expect(origin.seen('/nm')).toHaveLength(2);
  });
});

describe('RFC 9111 §4.3.4: a 304 reads the store once', () => {
  it('serves the body the lookup read beside the metadata, with no second read', async () => {
    origin.reply(
      '/once',
      { headers: { 'cache-control': 'max-age=0', etag: '"o"' }, body: 'stored once' },
      { status: 304, headers: { 'cache-control': 'max-age=60', etag: '"o"' } },
    );
    const store = new ReadCountingStore({ name: `nm-once-${Math.random()}` });
    const cf = makeCachedFetch({ store, memory: false });
    await (await cf(`${ORIGIN}/once`)).text();
    await cf.cache.settled();
    store.reads.length = 0;
    const revalidated = await cf(`${ORIGIN}/once`);
    expect(await revalidated.text()).toBe('stored once');
    expect(revalidated.headers.get('cache-status')).toContain('fwd-status=304');
    expect(store.reads).toEqual(['lookup']);
    expect(origin.seen('/once')[1]?.headers.get('if-none-match')).toBe('"o"');
  });
});

/** A MemoryStore whose bodies come back as Blobs, as IndexedDBStore's large ones do in browsers. */
class BlobStore extends MemoryStore {
  unreadable = false;
  /** How often a body Blob's bytes were read. */
  blobReads = 0;
  override async getBody(id: string): Promise<StoredBody | undefined> {
    const bytes = await super.getBody(id);
    if (bytes === undefined) return undefined;
    const blob = new Blob([bytes as ArrayBuffer]);
    const read = blob.arrayBuffer.bind(blob);
    blob.arrayBuffer = () => {
      this.blobReads++;
      return read();
    };
    if (this.unreadable) {
      // What a browser does when the Blob's backing data is gone (NotReadableError).
      blob.arrayBuffer = () => Promise.reject(new DOMException('gone', 'NotReadableError'));
    }
    return blob;
  }
}

describe('RFC 9111 §4.3.4: a 304 whose stored body is a Blob', () => {
  it('is served with the stored bytes (read during the round trip)', async () => {
    origin.reply(
      '/blob',
      { headers: { 'cache-control': 'max-age=0', etag: '"b"' }, body: 'blob body' },
      { status: 304, headers: { etag: '"b"' } },
    );
    const cf = makeCachedFetch({ store: new BlobStore(), memory: false });
    await (await cf(`${ORIGIN}/blob`)).text();
    await cf.cache.settled();
    const res = await cf(`${ORIGIN}/blob`);
    expect(res.headers.get('cache-status')).toContain('fwd-status=304');
    expect(await res.text()).toBe('blob body');
  });

  it('an unreadable Blob is reported, and the whole response is asked for without validators', async () => {
    origin.reply(
      '/unreadable',
      { headers: { 'cache-control': 'max-age=0', etag: '"u"' }, body: 'first' },
      { status: 304, headers: { etag: '"u"' } },
      { headers: { 'cache-control': 'max-age=60', etag: '"u2"' }, body: 'whole again' },
    );
    const store = new BlobStore();
    const cf = makeCachedFetch({ store, memory: false });
    const errors: string[] = [];
    cf.cache.addEventListener('error', ({ operation }) => errors.push(operation));
    await (await cf(`${ORIGIN}/unreadable`)).text();
    await cf.cache.settled();
    store.unreadable = true;
    const res = await cf(`${ORIGIN}/unreadable`);
    expect(await res.text()).toBe('whole again');
    expect(errors).toEqual(['getBody']);
    const seen = origin.seen('/unreadable');
    expect(seen).toHaveLength(3);
    expect(seen[1]?.headers.get('if-none-match')).toBe('"u"');
    expect(seen[2]?.headers.get('if-none-match')).toBeNull();
  });
});

describe('RFC 9111 §4.3.1: a revalidation without validators', () => {
  it('reads no stored bytes for a 304 that cannot come', async () => {
    origin.reply(
      '/no-validators',
      { headers: { 'cache-control': 'max-age=0' }, body: 'old' },
      // Not stored: a stored reply reads the old body to tell whether it changed ('updated'),
      // which is not the read this test is about (the 304's, during the round trip).
      { headers: { 'cache-control': 'no-store' }, body: 'new' },
    );
    const store = new BlobStore();
    const cf = makeCachedFetch({ store, memory: false });
    await (await cf(`${ORIGIN}/no-validators`)).text();
    await cf.cache.settled();
    const res = await cf(`${ORIGIN}/no-validators`);
    expect(await res.text()).toBe('new');
    const second = origin.seen('/no-validators')[1];
    expect(second?.headers.get('if-none-match')).toBeNull();
    expect(second?.headers.get('if-modified-since')).toBeNull();
    await cf.cache.settled();
    expect(store.blobReads).toBe(0);
  });
});
