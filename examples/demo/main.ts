// `npm run demo`: a local origin, an app's requests through cachedFetch on IndexedDB (fake-indexeddb
// under Node), and what happened at each step. Exit code 0 only if every step behaved as expected.
import 'fake-indexeddb/auto';
import { type CachedFetch, type CacheEventType, createCachedFetch } from '../../src/index.ts';
import { IndexedDBStore } from '../../src/stores.ts';
import { simulatedClock } from './clock';
import { startOrigin } from './origin';
import { createReporter, type Summary } from './report';
import {
  type CacheEventRecord,
  describeError,
  type RestartOptions,
  runStep,
  type World,
} from './runner';
import { scenario } from './scenario';

const database = 'cached-fetch-demo';
const eventTypes: CacheEventType[] = [
  'hit',
  'miss',
  'stored',
  'revalidated',
  'updated',
  'invalidated',
  'evicted',
  'cleared',
  'stale',
  'queued',
  'sent',
  'failed',
  'error',
];
/**
 * What the store holds at the end: /api/products, /api/categories, /api/me, two variants of
 * /api/greeting, and the media file (its ranges combined into the whole).
 */
const expectedEntries = 6;

async function main(): Promise<boolean> {
  const startedAt = performance.now();
  const clock = simulatedClock();
  const origin = await startOrigin(clock.now);
  const reporter = createReporter();

  let events: CacheEventRecord[] = [];
  const open = ({
    offline = 'error',
    networkTimeout,
    outbox,
  }: RestartOptions = {}): CachedFetch => {
    const cachedFetch = createCachedFetch({
      store: new IndexedDBStore({ name: database }),
      fetch: globalThis.fetch,
      now: clock.now,
      offline,
      networkTimeout,
      ...(outbox ? { outbox: true } : {}),
    });
    for (const type of eventTypes) {
      cachedFetch.cache.addEventListener(type, (detail) => events.push({ type, detail }));
    }
    return cachedFetch;
  };
  let client = open();
  let closed = false;

  const world: World = {
    clock,
    origin,
    get client() {
      return client;
    },
    async restart(options) {
      await client.cache.close();
      client = open(options);
    },
    outcomes: new Map(),
    get events() {
      return events;
    },
    set events(next) {
      events = next;
    },
  };

  try {
    reporter.intro({ origin: origin.url, database, steps: scenario });
    const failedSteps: Summary['failedSteps'] = [];
    let bytesWithoutCache = 0;
    for (const [i, step] of scenario.entries()) {
      const outcome = await runStep(world, step);
      bytesWithoutCache += outcome.bytesWithoutCache;
      if (outcome.failures.length > 0) failedSteps.push({ index: i + 1, title: step.title });
      reporter.step(i + 1, step, outcome);
    }

    // After the last step: the final state of the store, then the app shuts down. close() flushes
    // pending work (LRU bookkeeping), so its errors are looked for too.
    const afterSteps: CacheEventRecord[] = [];
    world.events = afterSteps;
    const otherFailures: string[] = [];
    let store: Summary['store'];
    try {
      store = await client.cache.stats();
      if (store.entries !== expectedEntries) {
        otherFailures.push(
          `the store to hold ${expectedEntries} entries at the end, but it holds ${store.entries}`,
        );
      }
    } catch (error) {
      store = `stats() failed: ${String(error)}`;
      otherFailures.push(`cache.stats() to answer, but it threw ${String(error)}`);
    }
    try {
      closed = true;
      await client.cache.close();
    } catch (error) {
      otherFailures.push(`cache.close() to succeed, but it threw ${String(error)}`);
    }
    const late = afterSteps.filter((event) => event.type === 'error');
    if (late.length > 0) {
      otherFailures.push(
        `no cache 'error' event after the last step, but: ${late.map(describeError).join('; ')}`,
      );
    }

    const { log } = origin;
    const summary: Summary = {
      requests: scenario.length,
      reachedOrigin: log.length,
      conditional: log.filter((record) => record.conditional.length > 0).length,
      notModified: log.filter((record) => record.status === 304).length,
      unanswered: log.filter((record) => record.status === 'closed').length,
      bytesOverWire: log.reduce((sum, record) => sum + record.bodyBytes, 0),
      bytesWithoutCache,
      store,
      simulatedSec: clock.elapsedSec(),
      realMs: Math.round(performance.now() - startedAt),
      failedSteps,
      otherFailures,
    };
    reporter.summary(summary);
    return failedSteps.length === 0 && otherFailures.length === 0;
  } finally {
    if (!closed) await client.cache.close();
    await origin.close();
  }
}

main().then(
  (ok) => {
    process.exitCode = ok ? 0 : 1;
    // Everything is closed: if the process lingers, something still holds the event loop.
    setTimeout(() => {
      console.error(
        'FAILED: the process did not exit within 2 s of closing the cache and the origin',
      );
      process.exit(1);
    }, 2000).unref();
  },
  (error: unknown) => {
    console.error('The demo could not run:', error);
    process.exitCode = 1;
  },
);
