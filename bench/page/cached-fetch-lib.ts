// The one place the page imports the library under test. bench/page-bundle.ts swaps this module
// for a stub naming the reason when src/index.ts cannot provide it yet, so the rest still runs.
export * from '../../src/index.ts';
// The stores' values (src/index.ts has their types only): named, so that they win over the types.
export { IndexedDBStore, MemoryStore, measureEntrySize } from '../../src/stores.ts';
