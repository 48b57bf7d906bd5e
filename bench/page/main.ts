// The bench page's entry: exposes each scenario to the Node runner as `window.bench`.
import { cachedFetchMissing, lazyCachedFetch } from './cached-fetch-instance.ts';
import { bucketDurability } from './scenarios/bucket-durability.ts';
import { concurrency } from './scenarios/concurrency.ts';
import { freshHit } from './scenarios/fresh-hit.ts';
import { miss } from './scenarios/miss.ts';
import { outbox } from './scenarios/outbox.ts';
import { readYourWrites } from './scenarios/read-your-writes.ts';
import { revalidation } from './scenarios/revalidation.ts';
import { scaleClose, scaleEvict, scaleHit, scaleOpen, scaleSeedTo } from './scenarios/scale.ts';

const shared = lazyCachedFetch('bench-cached-fetch');
const sharedCold = lazyCachedFetch('bench-cached-fetch-cold', false);

const bench = {
  freshHit: () => freshHit(shared, sharedCold),
  revalidation: () => revalidation(shared, sharedCold),
  readYourWrites: () => readYourWrites(shared, sharedCold),
  miss: () => miss(shared),
  concurrency: () => concurrency(shared),
  outbox,
  bucketDurability,
  scaleOpen,
  scaleSeedTo,
  scaleHit,
  scaleEvict,
  scaleClose,
  environment: () => ({
    userAgent: navigator.userAgent,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    secureContext: globalThis.isSecureContext,
    cachedFetchMissing,
  }),
};

export type BenchPage = typeof bench;

declare global {
  interface Window {
    bench: BenchPage;
  }
}

window.bench = bench;
