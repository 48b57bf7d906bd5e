// Contract: every method's plain behaviour, variants, partitions, copies, and surviving a reopen.
import { describe, expect, it } from 'vitest';
import type { LookupResult } from '../../src/store/cache-store';
import { measureEntrySize } from '../../src/store/entry-size';
import type { ContractContext } from './contract';
import { bytes, entry, storedResponse, text } from './fixtures';

const ids = (entries: { id: string }[]) => entries.map((e) => e.id).sort();

export function describeBasics(t: ContractContext): void {
  describe('reading and writing', () => {
    it('finds nothing in an empty store', async () => {
      expect(await t.store.getVariants('GET https://example.test/a')).toEqual([]);
      expect(await t.store.getBody('missing')).toBeUndefined();
      expect(await t.store.stats()).toEqual({ entries: 0, bytes: 0 });
    });

    it('returns the stored metadata with bodySize and size measured, and the body bytes', async () => {
      const written = entry({ bodySize: 999, partition: 'user-1', lastUsed: 5 });
      expect(await t.store.put(written, bytes('hello'))).toEqual([]);
      const [stored, ...others] = await t.store.getVariants(written.key);
      expect(others).toEqual([]);
      const expected = { ...written, bodySize: 5 };
      expect(stored).toEqual({ ...expected, size: measureEntrySize(expected, 5) });
      const body = await t.store.getBody(written.id);
      expect(body).toBeInstanceOf(ArrayBuffer);
      expect(text(body)).toBe('hello');
      expect(await t.store.stats()).toEqual({ entries: 1, bytes: stored!.size });
    });

    it('replaces the variant with the same secondary key, and its body', async () => {
      const old = entry({ secondaryKey: 'accept=json' });
      const next = entry({ secondaryKey: 'accept=json' });
      await t.store.put(old, bytes('old'));
      expect(await t.store.put(next, bytes('new'))).toEqual([old.id]);
      expect(ids(await t.store.getVariants(old.key))).toEqual([next.id]);
      expect(await t.store.getBody(old.id)).toBeUndefined();
      expect(text(await t.store.getBody(next.id))).toBe('new');
      expect((await t.store.stats()).entries).toBe(1);
    });

    it('keeps several variants per key side by side, and other keys apart', async () => {
      const json = entry({ secondaryKey: 'accept=json' });
      const html = entry({ secondaryKey: 'accept=html' });
      const other = entry({ key: 'GET https://example.test/b', secondaryKey: 'accept=json' });
      for (const e of [json, html, other]) expect(await t.store.put(e, bytes(e.id))).toEqual([]);
      expect(ids(await t.store.getVariants(json.key))).toEqual(ids([json, html]));
      expect(ids(await t.store.getVariants(other.key))).toEqual([other.id]);
      expect(text(await t.store.getBody(html.id))).toBe(html.id);
    });

    it('replaces whatever is stored under the same id, even another variant', async () => {
      const first = entry({ secondaryKey: 'a' });
      await t.store.put(first, bytes('one'));
      const again = { ...first, secondaryKey: 'b' };
      expect(await t.store.put(again, bytes('two'))).toEqual([first.id]);
      const variants = await t.store.getVariants(first.key);
      expect(variants.map((e) => e.secondaryKey)).toEqual(['b']);
      expect(text(await t.store.getBody(first.id))).toBe('two');
    });

    it('updates the HTTP metadata only: body, lastUsed and id stay, size is re-measured', async () => {
      const written = entry({ lastUsed: 7 });
      await t.store.put(written, bytes('body'));
      const freshened = storedResponse({
        headers: [
          ['etag', '"v2"'],
          ['x-long-header', 'x'.repeat(100)],
        ],
        responseTime: 9_999,
      });
      expect(await t.store.update(written.id, freshened)).toBe(true);
      const [stored] = await t.store.getVariants(written.key);
      expect(stored!.response).toEqual(freshened);
      expect(stored!.lastUsed).toBe(7);
      expect(stored!.size).toBe(
        measureEntrySize({ ...written, bodySize: 4, response: freshened }, 4),
      );
      expect(text(await t.store.getBody(written.id))).toBe('body');
      expect(await t.store.stats()).toEqual({ entries: 1, bytes: stored!.size });
      expect(await t.store.update('missing', freshened)).toBe(false);
    });

    it('touch moves lastUsed forward in one batch, never back, and ignores unknown ids', async () => {
      const a = entry({ lastUsed: 10 });
      const b = entry({ lastUsed: 10, secondaryKey: 'b' });
      await t.store.put(a, bytes('a'));
      await t.store.put(b, bytes('b'));
      await t.store.touch([
        { id: a.id, lastUsed: 30 },
        { id: a.id, lastUsed: 20 },
        { id: b.id, lastUsed: 5 },
        { id: 'missing', lastUsed: 40 },
      ]);
      const byId = new Map((await t.store.getVariants(a.key)).map((e) => [e.id, e.lastUsed]));
      expect(Object.fromEntries(byId)).toEqual({ [a.id]: 30, [b.id]: 10 });
      await t.store.touch([]);
      expect((await t.store.stats()).entries).toBe(2);
    });

    it('deletes every variant of a key with its body, and nothing else', async () => {
      const a = entry({ secondaryKey: '1' });
      const b = entry({ secondaryKey: '2' });
      const other = entry({ key: 'GET https://example.test/other' });
      for (const e of [a, b, other]) await t.store.put(e, bytes(e.id));
      expect((await t.store.delete(a.key)).sort()).toEqual(ids([a, b]));
      expect(await t.store.getVariants(a.key)).toEqual([]);
      expect(await t.store.getBody(a.id)).toBeUndefined();
      expect(await t.store.getBody(b.id)).toBeUndefined();
      expect(ids(await t.store.getVariants(other.key))).toEqual([other.id]);
      expect(await t.store.delete('GET https://example.test/nothing')).toEqual([]);
    });

    it('clears one partition, then everything', async () => {
      const alice = entry({ key: 'alice GET /a', partition: 'alice' });
      const bob = entry({ key: 'bob GET /a', partition: 'bob' });
      const shared = entry({ key: 'GET /a', partition: '' });
      for (const e of [alice, bob, shared]) await t.store.put(e, bytes(e.id));
      expect(await t.store.clear({ partition: 'alice' })).toBe(1);
      expect(await t.store.getVariants(alice.key)).toEqual([]);
      expect(await t.store.getBody(alice.id)).toBeUndefined();
      expect(ids(await t.store.getVariants(bob.key))).toEqual([bob.id]);
      expect(await t.store.clear({ partition: '' })).toBe(1);
      expect(ids(await t.store.getVariants(bob.key))).toEqual([bob.id]);
      expect(await t.store.clear()).toBe(1);
      expect(await t.store.getBody(bob.id)).toBeUndefined();
      expect(await t.store.stats()).toEqual({ entries: 0, bytes: 0 });
    });

    it('keeps its own copies: callers can neither mutate nor detach what is stored', async () => {
      const written = entry();
      const body = bytes('abc');
      await t.store.put(written, body);
      new Uint8Array(body)[0] = 0x7a;
      written.response.headers.push(['x-mutated', 'yes']);
      const read = await t.store.getBody(written.id);
      structuredClone(read, { transfer: [read!] });
      const [variant] = await t.store.getVariants(written.key);
      variant!.response.status = 500;
      expect(text(await t.store.getBody(written.id))).toBe('abc');
      const [again] = await t.store.getVariants(written.key);
      expect(again!.response).toEqual(storedResponse());
    });

    it('keeps its data across close(): later calls reopen', async () => {
      const written = entry();
      await t.store.put(written, bytes('kept'));
      await t.store.close();
      expect(ids(await t.store.getVariants(written.key))).toEqual([written.id]);
      expect(text(await t.store.getBody(written.id))).toBe('kept');
    });

    it.runIf(t.persistent)(
      'shows its data to another store opened on the same storage',
      async () => {
        const written = entry({ partition: 'p' });
        await t.store.put(written, bytes('persisted'));
        await t.store.close();
        const reopened = t.reopen();
        expect(await reopened.getVariants(written.key)).toEqual(
          await t.store.getVariants(written.key),
        );
        expect(text(await reopened.getBody(written.id))).toBe('persisted');
        expect(await reopened.stats()).toEqual(await t.store.stats());
      },
    );
  });

  describe('lookup (the one-read fast path of a hit)', () => {
    it('gives every variant to choose, and the body of the one it picks only', async () => {
      const json = entry({ secondaryKey: 'accept=json' });
      const html = entry({ secondaryKey: 'accept=html' });
      await t.store.put(json, bytes('json body'));
      await t.store.put(html, bytes('html body'));
      let seen: string[] = [];
      const result = await t.store.lookup!(json.key, (variants) => {
        seen = ids(variants);
        return variants.find((v) => v.id === html.id);
      });
      expect(seen).toEqual(ids([json, html]));
      expect(ids(result.variants)).toEqual(ids([json, html]));
      expect(result.chosen?.id).toBe(html.id);
      expect(text(result.body)).toBe('html body');
      const none = await t.store.lookup!(json.key, () => undefined);
      expect(none.chosen).toBeUndefined();
      expect(none.body).toBeUndefined();
      expect(await t.store.lookup!('GET https://example.test/none', () => undefined)).toEqual({
        variants: [],
        chosen: undefined,
        body: undefined,
      });
    });
  });

  describe('lookups issued together (a boot burst, decision 0027)', () => {
    it("each gets its own key's variants and body, and a failing choose fails only its own", async () => {
      const written = Array.from({ length: 20 }, (_, i) =>
        entry({ key: `GET https://example.test/burst/${i}` }),
      );
      for (const e of written) await t.store.put(e, bytes(`body ${e.key}`));
      const failing = new Error('choose failed');
      const results = await Promise.allSettled([
        ...written.map((e) => t.store.lookup!(e.key, (variants) => variants[0])),
        t.store.lookup!(written[0]!.key, () => {
          throw failing;
        }),
        t.store.lookup!('GET https://example.test/burst/none', (variants) => variants[0]),
      ]);
      written.forEach((e, i) => {
        const result = results[i]!;
        expect(result.status).toBe('fulfilled');
        const { chosen, body, variants } = (result as PromiseFulfilledResult<LookupResult>).value;
        expect(ids(variants)).toEqual([e.id]);
        expect(chosen?.id).toBe(e.id);
        expect(text(body)).toBe(`body ${e.key}`);
      });
      expect(results[20]).toEqual({ status: 'rejected', reason: failing });
      expect(results[21]).toEqual({
        status: 'fulfilled',
        value: { variants: [], chosen: undefined, body: undefined },
      });
    });
  });

  describe('list', () => {
    it('lists metadata of every entry, or of one partition, most recently used first', async () => {
      const old = entry({ key: 'GET https://example.test/old', partition: 'p1', lastUsed: 10 });
      const recent = entry({ key: 'GET https://example.test/new', partition: 'p2', lastUsed: 30 });
      const middle = entry({ key: 'GET https://example.test/mid', partition: 'p1', lastUsed: 20 });
      for (const e of [old, recent, middle]) await t.store.put(e, bytes(e.id));
      expect((await t.store.list()).map((e) => e.id)).toEqual([recent.id, middle.id, old.id]);
      expect((await t.store.list({ partition: 'p1' })).map((e) => e.id)).toEqual([
        middle.id,
        old.id,
      ]);
      expect(await t.store.list({ partition: 'nobody' })).toEqual([]);
      const [listed] = await t.store.list({ partition: 'p2' });
      expect(listed).toEqual((await t.store.getVariants(recent.key))[0]);
    });
  });
}
