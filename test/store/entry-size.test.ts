// The shared size measure: body bytes plus the UTF-8 JSON length of the metadata.
import { describe, expect, it } from 'vitest';
import { measuredEntry, measureEntrySize } from '../../src/store/entry-size';
import { entry } from './fixtures';

describe('measureEntrySize', () => {
  it('is body bytes plus the UTF-8 byte length of the metadata JSON, without size', () => {
    const e = entry({ bodySize: 3 });
    const json = JSON.stringify(e);
    expect(measureEntrySize(e, 3)).toBe(3 + json.length);
    expect(measureEntrySize({ ...e, size: 123_456 }, 3)).toBe(3 + json.length);
  });

  it('counts multi-byte characters in bytes, not UTF-16 units', () => {
    const ascii = entry({ id: 'x', key: 'GET /aa' });
    const accented = { ...ascii, key: 'GET /éé' };
    expect(measureEntrySize(accented, 0) - measureEntrySize(ascii, 0)).toBe(2);
  });

  it('does not depend on property order', () => {
    const e = entry();
    const reordered = Object.fromEntries(Object.entries(e).reverse()) as typeof e;
    expect(measureEntrySize(reordered, 10)).toBe(measureEntrySize(e, 10));
  });

  it('measuredEntry takes bodySize from the body and measures size with it', () => {
    const stored = measuredEntry(entry({ bodySize: 999 }), 4);
    expect(stored.bodySize).toBe(4);
    expect(stored.size).toBe(measureEntrySize(stored, 4));
  });
});
