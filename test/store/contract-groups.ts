// Contract: the queries invalidation needs (issue 23, decision 0025): entries by Cache-Groups
// group (RFC 9875; IndexedDB's multiEntry index `groups`, schema v7) and the partitions held.
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
