// The shape of what the page hands back and what bench/results/latest.json holds.

/** One compared variant in one section. */
export interface Row {
  variant: string;
  /** Durations in ms, one per measured sample (warm-up excluded). */
  samplesMs?: number[];
  /** Other measured figures, named (originHits, bytes…). */
  figures?: Record<string, number>;
  /** Why this variant has no figures (could not run): never replaced by an estimate. */
  missing?: string;
  note?: string;
}

export interface Section {
  id: string;
  title: string;
  /** Variant whose median is the denominator of the ratio column. */
  floor?: string;
  rows: Row[];
  notes?: string[];
}
