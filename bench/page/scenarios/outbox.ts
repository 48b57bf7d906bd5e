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
const answerSamples = 60;
const body = JSON.stringify({ title: 'a todo written offline', done: false });
const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };

async function setDown(down: boolean): Promise<void> {
  await fetch(`${writeStatePath}?down=${down ? 1 : 0}`, { cache: 'no-store' });
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

/** 1,000 writes: drained from the outbox (flush) against sent one after another (plain fetch). */
async function drainRows(): Promise<Row[]> {
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
    await setDown(false);
    const sendDirect = async () => {
      for (let i = 0; i < writes; i++) {
        const response = await fetch(`${writePath}?q=direct-${round}-${i}`, init);
        if (response.status !== 201) throw new Error(`direct: ${response.status}`);
      }
    };
    const drainOutbox = async () => {
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
  return [
    { variant: `send ${writes} writes one after another (plain fetch)`, samplesMs: direct },
    { variant: `drain ${writes} queued writes (cache.outbox.flush())`, samplesMs: drain },
  ];
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
      floor: `send ${writes} writes one after another (plain fetch)`,
      rows: await drainRows(),
      notes: [
        'Each replay marks the write in flight in IndexedDB, sends it with its Idempotency-Key, then removes it (and applies the RFC 9111 §4.4 invalidation). Target: drain within 1.2x of direct.',
      ],
    });
  } catch (error) {
    sections.push({ id: 'outbox', title, rows: [{ variant: 'all', missing: describe(error) }] });
  } finally {
    await setDown(false);
  }
  return sections;
}
