// RFC 9111 §4.3.4, the 304 path: the stored body is read beside the round trip, and the caller
// does not wait for the metadata write (the next lookup in this tab does: read-your-writes).
import { describe, expect, it } from 'vitest';
import type { StoredResponse } from '../../src/policy/snapshot';
import type { StoredBody } from '../../src/store/cache-store';
import { MemoryStore } from '../../src/store/memory-store';
import { makeCachedFetch, ORIGIN, settle, useMockOrigin } from './support';

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
    await settle();
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
