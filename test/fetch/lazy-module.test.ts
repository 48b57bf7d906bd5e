// lazyModule: one load, kept; a failed load is tried again; and a load never throws, even when
// the import() itself throws instead of rejecting (vitest's wrapper in a Web Worker did, and the
// default instance's preload at module evaluation then broke the worker's whole module).
import { describe, expect, it } from 'vitest';
import { lazyModule } from '../../src/fetch/coordination/lazy-module';

describe('lazyModule', () => {
  it('an import() that throws synchronously gives a rejected load, and the next load tries again', async () => {
    let attempts = 0;
    const module = lazyModule<{ value: number }>(() => {
      attempts += 1;
      if (attempts === 1) throw new TypeError('no dynamic import here');
      return Promise.resolve({ value: 42 });
    });
    let load: Promise<unknown> | undefined;
    expect(() => {
      load = module.load();
    }).not.toThrow();
    await expect(load).rejects.toThrow('no dynamic import here');
    expect(module.loaded).toBeUndefined();
    await expect(module.load()).resolves.toEqual({ value: 42 });
    expect(module.loaded).toEqual({ value: 42 });
    expect(attempts).toBe(2);
  });
});
