// Runs compared variants interleaved in one page: round-robin with a rotating start, warm-up
// rounds discarded, one timed operation per variant per round.
import type { Row } from '../results-types.ts';
import { originHits } from './origin-hits.ts';

export interface Variant {
  name: string;
  note?: string;
  /** Why this variant cannot run; then nothing else is called. */
  missing?: string;
  prepare?: () => Promise<void>;
  /**
   * One timed operation (`sample` is unique across warm-up and measured rounds). It may resolve
   * to named sub-timings in ms, e.g. `{ firstByte }`; anything else it resolves to is ignored.
   */
  run: (sample: number) => Promise<unknown>;
  /** Untimed work after each run, e.g. letting background store writes finish. */
  settle?: () => Promise<void>;
  /** Origin hits whose path+query starts so are counted over the measured rounds. */
  hitPrefix?: string;
  /** Extra figures, read after the measured rounds. */
  figures?: () => Promise<Record<string, number>>;
}

export interface SamplingPlan {
  warmup: number;
  samples: number;
}

/** Sub-timings a run returned (e.g. firstByte) are kept as `${name}:${key}` rows' samples. */
export async function interleave(variants: Variant[], plan: SamplingPlan): Promise<Row[]> {
  const state = variants.map((variant) => ({
    variant,
    missing: variant.missing,
    samples: [] as number[],
    series: new Map<string, number[]>(),
    hitsBefore: 0,
  }));
  for (const s of state) {
    if (s.missing) continue;
    try {
      await s.variant.prepare?.();
    } catch (error) {
      s.missing = `failed in prepare: ${describe(error)}`;
    }
  }
  const rounds = plan.warmup + plan.samples;
  for (let round = 0; round < rounds; round++) {
    if (round === plan.warmup) {
      for (const s of state) {
        if (!s.missing && s.variant.hitPrefix) s.hitsBefore = await originHits(s.variant.hitPrefix);
      }
    }
    for (let k = 0; k < state.length; k++) {
      const s = state[(round + k) % state.length]!;
      if (s.missing) continue;
      try {
        const start = performance.now();
        const result = await s.variant.run(round);
        const elapsed = performance.now() - start;
        if (round >= plan.warmup) {
          s.samples.push(elapsed);
          for (const [key, ms] of Object.entries(subTimings(result))) {
            const list = s.series.get(key) ?? [];
            list.push(ms);
            s.series.set(key, list);
          }
        }
        await s.variant.settle?.();
      } catch (error) {
        s.missing = `failed in round ${round}: ${describe(error)}`;
      }
    }
  }
  const rows: Row[] = [];
  for (const s of state) {
    const { name, note, hitPrefix } = s.variant;
    if (s.missing) {
      rows.push({ variant: name, missing: s.missing, note });
      continue;
    }
    const figures: Record<string, number> = {};
    if (hitPrefix) figures.originHits = (await originHits(hitPrefix)) - s.hitsBefore;
    Object.assign(figures, await s.variant.figures?.());
    rows.push({ variant: name, samplesMs: s.samples, figures, note });
    for (const [key, list] of s.series)
      rows.push({ variant: `${name}:${key}`, samplesMs: list, note });
  }
  return rows;
}

function subTimings(result: unknown): Record<string, number> {
  if (typeof result !== 'object' || result === null) return {};
  return Object.fromEntries(Object.entries(result).filter(([, ms]) => typeof ms === 'number'));
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Fails the variant (not the bench) when a body is not what the origin sent. */
export function expectBytes(buffer: ArrayBuffer | undefined, bytes: number, what: string): void {
  const got = buffer?.byteLength;
  if (got !== bytes) throw new Error(`${what}: expected a ${bytes}-byte body, got ${got}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
