// How IndexedDBStore keeps bodies (decision 0004, issue 12): from 32 KiB up as Blobs where a Blob
// survives IndexedDB's structured clone (real browsers), else as ArrayBuffers (fake-indexeddb);
// small bodies always as ArrayBuffers; and bodies written in either format are read back.
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredBody } from '../../src/store/cache-store';
import { IndexedDBStore } from '../../src/store/indexeddb-store';
import { entry, uniqueName } from './fixtures';
import { rawDelete, rawGet, rawOpen, rawPut } from './raw-indexeddb';

function sized(bytes: number): ArrayBuffer {
  const body = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) body[i] = i % 251;
  return body.buffer;
}

async function bytesOf(body: StoredBody | undefined): Promise<Uint8Array> {
  expect(body).toBeDefined();
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** The body as stored: the `body` of the body record [key, id, 1] (schema v4). */
async function rawBody(db: IDBDatabase, { key, id }: { key: string; id: string }) {
  return ((await rawGet(db, 'records', [key, id, 1])) as { body?: unknown } | undefined)?.body;
}

function kind(value: unknown): string {
  return Object.prototype.toString.call(value);
}

/** `large` is what a 100 KB body is stored as on this platform. */
export function describeBodyFormat(large: 'Blob' | 'ArrayBuffer'): void {
  describe(`IndexedDBStore body format (large bodies as ${large})`, () => {
    const names: string[] = [];
    const stores: IndexedDBStore[] = [];
    const open = () => {
      const name = uniqueName('bodies');
      names.push(name);
      const store = new IndexedDBStore({ name });
      stores.push(store);
      return { name, store };
    };
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
      for (const name of names.splice(0)) await rawDelete(name);
    });

    it(`keeps a 100 KB body as a${large === 'Blob' ? '' : 'n'} ${large} and a 1 KB one as an ArrayBuffer, and reads both back byte for byte`, async () => {
      const { name, store } = open();
      const big = entry({ key: 'GET https://example.test/big' });
      const small = entry({ key: 'GET https://example.test/small' });
      await store.put(big, sized(100 * 1024));
      await store.put(small, sized(1024));
      await store.close();
      const db = await rawOpen(name);
      try {
        expect(kind(await rawBody(db, big))).toBe(`[object ${large}]`);
        expect(kind(await rawBody(db, small))).toBe('[object ArrayBuffer]');
      } finally {
        db.close();
      }
      expect(await bytesOf(await store.getBody(big.id))).toEqual(new Uint8Array(sized(100 * 1024)));
      const found = await store.lookup(small.key, (variants) => variants[0]);
      expect(kind(found.body)).toBe('[object ArrayBuffer]');
      expect(await bytesOf(found.body)).toEqual(new Uint8Array(sized(1024)));
    });

    it('reads a large body an earlier version wrote as an ArrayBuffer (either format in one store)', async () => {
      const { name, store } = open();
      const old = entry({ key: 'GET https://example.test/old' });
      await store.put(old, sized(100 * 1024));
      await store.close();
      const db = await rawOpen(name);
      try {
        await rawPut(db, 'records', { bodyOf: old.id, body: sized(64 * 1024) }, [
          old.key,
          old.id,
          1,
        ]);
      } finally {
        db.close();
      }
      const found = await store.lookup(old.key, (variants) => variants[0]);
      expect(kind(found.body)).toBe('[object ArrayBuffer]');
      expect(await bytesOf(found.body)).toEqual(new Uint8Array(sized(64 * 1024)));
    });
  });
}
