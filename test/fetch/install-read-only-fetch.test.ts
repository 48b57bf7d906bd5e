// install() on a page whose `fetch` cannot be replaced (read-only and not configurable): a
// TypeError, and nothing changed. It runs in a Node process of its own: a global `fetch` locked
// that way cannot be restored, and the test environment's teardown would trip over it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const source = join(import.meta.dirname, '../../src/index.ts');
const stores = join(import.meta.dirname, '../../src/stores.ts');

const script = `
  const { cachedFetch, install } = await import(${JSON.stringify(source)});
  const { MemoryStore } = await import(${JSON.stringify(stores)});
  const current = globalThis.fetch;
  Object.defineProperty(globalThis, 'fetch', { value: current, writable: false, configurable: false });
  const outcome = {};
  try {
    install({ partition: () => 'alice', store: new MemoryStore(), crossTab: false });
  } catch (error) {
    outcome.first = error.constructor.name + ': ' + error.message;
  }
  try {
    install({ crossTab: false });
  } catch (error) {
    outcome.second = error.constructor.name + ': ' + error.message;
  }
  outcome.defaultInstance = typeof cachedFetch.cache.clear;
  console.log(JSON.stringify(outcome));
`;

describe('install() that throws changes nothing', () => {
  it('a read-only, non-configurable fetch: TypeError, and no page cache keeps the failed options', () => {
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { encoding: 'utf8', timeout: 60_000 },
    );
    const outcome = JSON.parse(output.trim().split('\n').at(-1)!) as Record<string, string>;
    expect(outcome.first).toMatch(/^TypeError: .*read-only and not configurable/);
    // The default instance was not created with the rejected call's options: the second call
    // fails for the same reason, not with "already installed with other options".
    expect(outcome.second).toMatch(/read-only and not configurable/);
    expect(outcome.second).not.toMatch(/other options/);
    expect(outcome.defaultInstance).toBe('function');
  });
});
