// Contract: the queries invalidation and No-Vary-Search need (issue 23, decision 0025): entries by
// Cache-Groups group (RFC 9875; IndexedDB's multiEntry index `groups`, schema v7), by searchBase
// (IndexedDB's index on [searchBase, partition], schema v8) and the partitions held.
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract';
import { bytes, entry, storedResponse } from './fixtures';

const ids = (entries: { id: string }[]) => entries.map((e) => e.id).sort();

export function describeGroups(t: ContractContext): void {
  describe('groups and partitions', () => {
    it('lists the entries of a group, in every partition or one, and follows updates', async () => {
      const both = entry({
        id: 'both',
        key: 'GET https://example.test/list',
        response: storedResponse({ groups: ['products', 'lists'] }),
      });
      const one = entry({
        id: 'one',
        key: 'GET https://example.test/one',
        partition: 'user-1',
        response: storedResponse({ groups: ['products'] }),
      });
      const none = entry({ id: 'none', key: 'GET https://example.test/none' });
      for (const written of [both, one, none]) await t.store.put(written, bytes('x'));
      expect(ids(await t.store.list({ group: 'products' }))).toEqual(['both', 'one']);
      expect(ids(await t.store.list({ group: 'lists' }))).toEqual(['both']);
      expect(ids(await t.store.list({ group: 'Products' }))).toEqual([]); // compared exactly
      expect(ids(await t.store.list({ group: 'products', partition: 'user-1' }))).toEqual(['one']);
      // A 304 may change the groups: the query follows the stored metadata.
      await t.store.update('both', storedResponse({ groups: ['lists'], invalidated: true }));
      expect(ids(await t.store.list({ group: 'products' }))).toEqual(['one']);
      const [updated] = await t.store.list({ group: 'lists' });
      expect(updated?.response.invalidated).toBe(true);
      if (t.persistent) expect(ids(await t.reopen().list({ group: 'lists' }))).toEqual(['both']);
      await t.store.delete(one.key);
      expect(ids(await t.store.list({ group: 'products' }))).toEqual([]);
    });

    it('lists the entries of a searchBase, in every partition or one, kept through updates', async () => {
      const base = 'https://example.test/search';
      const nvs = storedResponse({ headers: [['no-vary-search', 'key-order']] });
      const a = entry({ id: 'a', key: `GET ${base}?a`, searchBase: base, response: nvs });
      const b = entry({ id: 'b', key: `GET ${base}?b`, searchBase: base, response: nvs });
      const bob = entry({
        id: 'bob',
        key: `GET bob ${base}?a`,
        partition: 'bob',
        searchBase: base,
        response: nvs,
      });
      const other = entry({ id: 'other', key: `GET ${base}/x?a`, searchBase: `${base}/x` });
      const none = entry({ id: 'none', key: `GET ${base}?none` });
      for (const written of [a, b, bob, other, none]) await t.store.put(written, bytes('x'));
      expect(ids(await t.store.list({ searchBase: base }))).toEqual(['a', 'b', 'bob']);
      expect(ids(await t.store.list({ searchBase: base, partition: '' }))).toEqual(['a', 'b']);
      expect(ids(await t.store.list({ searchBase: base, partition: 'bob' }))).toEqual(['bob']);
      expect(ids(await t.store.list({ searchBase: `${base}/` }))).toEqual([]); // compared exactly
      expect(ids(await t.store.list({ searchBase: base, partition: 'carol' }))).toEqual([]);
      // Most recently used first, as every list.
      await t.store.touch([{ id: 'b', lastUsed: 5_000 }]);
      expect((await t.store.list({ searchBase: base, partition: '' })).map((e) => e.id)).toEqual([
        'b',
        'a',
      ]);
      // A 304 (update) keeps the field; a put under the same variant without it drops it.
      await t.store.update('a', storedResponse({ invalidated: true }));
      const [updated] = await t.store.list({ searchBase: base, partition: '' });
      expect(updated?.searchBase).toBe(base);
      await t.store.put(entry({ id: 'b2', key: b.key }), bytes('y'));
      expect(ids(await t.store.list({ searchBase: base }))).toEqual(['a', 'bob']);
      if (t.persistent) {
        expect(ids(await t.reopen().list({ searchBase: base }))).toEqual(['a', 'bob']);
      }
      await t.store.clear({ partition: 'bob' });
      expect(ids(await t.store.list({ searchBase: base }))).toEqual(['a']);
    });

    it('tells each partition that holds an entry once', async () => {
      expect(await t.store.partitions?.()).toEqual([]);
      await t.store.put(entry({ key: 'GET a', partition: '' }), bytes('x'));
      await t.store.put(entry({ key: 'GET b', partition: 'alice' }), bytes('x'));
      await t.store.put(entry({ key: 'GET c', partition: 'alice' }), bytes('x'));
      await t.store.put(entry({ key: 'GET d', partition: 'bob' }), bytes('x'));
      expect((await t.store.partitions?.())?.sort()).toEqual(['', 'alice', 'bob']);
      await t.store.clear({ partition: 'bob' });
      expect((await t.store.partitions?.())?.sort()).toEqual(['', 'alice']);
    });
  });
}
