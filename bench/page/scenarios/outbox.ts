// Scenario (issue 22): what queueing a write costs the caller, and how long the outbox takes to
// drain 1,000 queued writes against sending the same 1,000 one after another with plain fetch
// (target: within 1.2x). The origin answers /write 503 while "down" (the outbox queues on it)
// and 201 once up; each outbox variant has its own database.
import type { CachedFetch } from '../../../src/index.ts';
import type { Row, Section } from '../../results-types.ts';
import { writePath, writeStatePath } from '../../routes.ts';
import { cachedFetchMissing } from '../cached-fetch-instance.ts';
import * as lib from '../cached-fetch-lib.ts';
import { describe } from '../sampler.ts';

const writes = 1000;
const rounds = 4;
/** The drain again where each write costs a round trip (the origin answers 20 ms late). */
const slowWrites = 200;
const slowRounds = 4;
const latencyMs = 20;
const answerSamples = 60;
const body = JSON.stringify({ title: 'a todo written offline', done: false });
const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };

async function setDown(down: boolean, latency = 0): Promise<void> {
  await fetch(`${writeStatePath}?down=${down ? 1 : 0}&latency=${latency}`, { cache: 'no-store' });
}

let databases = 0;
function openOutbox(): CachedFetch {
  return lib.createCachedFetch({
    store: new lib.IndexedDBStore({ name: `bench-outbox-${Date.now()}-${++databases}` }),
    outbox: { maxEntries: writes * 2 },
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Per call: a write answered 202 (queued) against the same write sent online. */
async function answerRows(): Promise<Row[]> {
  const queued: number[] = [];
  const online: number[] = [];
  const plain: number[] = [];
  const cf = openOutbox();
  await cf.cache.settled();
  // Queued behind the first one: every call after it is answered from the outbox alone.
  await setDown(true);
  for (let i = 0; i < answerSamples + 5; i++) {
    const ms = await timed(async () => {
      const response = await cf(`${writePath}?q=answer-${i}`, init);
      if (response.status !== 202) throw new Error(`expected 202, got ${response.status}`);
    });
    if (i >= 5) queued.push(ms);
  }
  const onlineCf = openOutbox();
  await onlineCf.cache.settled();
  await setDown(false);
  for (let i = 0; i < answerSamples + 5; i++) {
    const ms1 = await timed(
      async () => (await onlineCf(`${writePath}?q=online-${i}`, init)).status,
    );
    const ms2 = await timed(async () => (await fetch(`${writePath}?q=plain-${i}`, init)).status);
    if (i >= 5) {
      online.push(ms1);
      plain.push(ms2);
    }
  }
  await cf.cache.close();
  await onlineCf.cache.close();
  return [
    { variant: 'plain fetch POST (201)', samplesMs: plain },
    { variant: 'cachedFetch POST online (201, with Idempotency-Key)', samplesMs: online },
    { variant: 'cachedFetch POST queued (202, kept in IndexedDB)', samplesMs: queued },
  ];
}

/**
 * `writes` writes: drained from the outbox (flush) against sent one after another (plain fetch),
 * the origin answering `latency` ms late once up.
 */
async function drainRows(writes: number, rounds: number, latency = 0): Promise<Row[]> {
  const drain: number[] = [];
  const direct: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const cf = openOutbox();
    await cf.cache.settled();
    await setDown(true);
    for (let i = 0; i < writes; i++) await cf(`${writePath}?q=drain-${round}-${i}`, init);
    await cf.cache.settled();
    const pending = (await cf.cache.outbox!.list()).length;
    if (pending !== writes) throw new Error(`expected ${writes} queued, found ${pending}`);
    // Sent directly while the origin still refuses the outbox's writes (`up=1`): the outbox's own
    // retry timer, armed by its first 503, cannot drain part of the queue before the timed flush
    // (it did, while the direct writes ran, when both saw the origin up).
    await setDown(true, latency);
    const sendDirect = async () => {
      for (let i = 0; i < writes; i++) {
        const response = await fetch(`${writePath}?q=direct-${round}-${i}&up=1`, init);
        if (response.status !== 201) throw new Error(`direct: ${response.status}`);
      }
    };
    const drainOutbox = async () => {
      await setDown(false, latency);
      await cf.cache.outbox!.flush();
      await cf.cache.outbox!.settled();
    };
    // Alternating which goes first, so that neither always runs on a warmer connection.
    if (round % 2 === 0) direct.push(await timed(sendDirect));
    drain.push(await timed(drainOutbox));
    if (round % 2 === 1) direct.push(await timed(sendDirect));
    const left = await cf.cache.outbox!.list();
    if (left.length !== 0) {
      const [first] = left;
      throw new Error(
        `${left.length} writes left after the drain, the first ${JSON.stringify({ ...first, idempotencyKey: undefined })}`,
      );
    }
    await cf.cache.close();
  }
  await setDown(false);
  return [
    { variant: directVariant(writes, latency), samplesMs: direct },
    { variant: `drain ${writes} queued writes (cache.outbox.flush())`, samplesMs: drain },
  ];
}

function directVariant(writes: number, latency: number): string {
  return `send ${writes} writes one after another (plain fetch)${latency ? `, each answered ${latency} ms late` : ''}`;
}

export async function outbox(): Promise<Section[]> {
  const title = 'Outbox (issue 22)';
  if (cachedFetchMissing) {
    return [{ id: 'outbox', title, rows: [{ variant: 'all', missing: cachedFetchMissing }] }];
  }
  const sections: Section[] = [];
  try {
    sections.push({
      id: 'outbox-answer',
      title: 'Outbox: answering one write (per call)',
      floor: 'plain fetch POST (201)',
      rows: await answerRows(),
      notes: [
        'Queued: the origin answers 503, so the write is kept in IndexedDB and answered 202; every call after the first goes behind it without the network.',
      ],
    });
    sections.push({
      id: 'outbox-drain',
      title: `Outbox: draining ${writes} queued writes against sending them directly`,
      floor: directVariant(writes, 0),
      rows: await drainRows(writes, rounds),
      notes: [
        'Each replay marks the write in flight in IndexedDB, sends it with its Idempotency-Key, then writes its sent trace and applies the RFC 9111 §4.4 invalidation. Target: drain within 1.2x of direct.',
        'Against this local origin a POST costs about 2-3 ms, less than the three IndexedDB transactions a replay adds (decision 0024): the next section gives each write a round trip.',
      ],
    });
    sections.push({
      id: 'outbox-drain-latency',
      title: `Outbox: draining ${slowWrites} queued writes, each answered ${latencyMs} ms late`,
      floor: directVariant(slowWrites, latencyMs),
      rows: await drainRows(slowWrites, slowRounds, latencyMs),
      notes: [
        `The origin answers each write ${latencyMs} ms late, standing for a network round trip: what the outbox's own work costs where a write has to travel.`,
      ],
    });
  } catch (error) {
    sections.push({ id: 'outbox', title, rows: [{ variant: 'all', missing: describe(error) }] });
  } finally {
    await setDown(false);
  }
  return sections;
}
