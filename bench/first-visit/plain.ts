// The same first visit with plain fetch (bench/first-visit/run.ts): what cachedFetch's is measured
// against.
import { timedFetch, visit } from './visit.ts';

timedFetch();
await visit((url) => fetch(url));
