// Summaries of a sample: median and p95 by nearest rank.
export interface Summary {
  n: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
}

function nearestRank(sorted: number[], p: number): number {
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: number[]): Summary | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const medianMs =
    sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n: sorted.length, medianMs, p95Ms: nearestRank(sorted, 0.95), minMs: sorted[0]! };
}
