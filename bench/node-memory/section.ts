// The Node memory row (decision 0021): peak memory for a 200 MB body read slowly, not read,
// gzip-coded, and refreshed in the background, cachedFetch against plain fetch. Each variant runs
// in its own Node process, so one variant's garbage never counts in the next one's peak.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Row, Section } from '../results-types.ts';
import type { Variant, VariantResult } from './child.ts';
import { startMemoryOrigin } from './origin.ts';

const variants: Array<[Variant, string]> = [
  ['fetch-slow', 'fetch, read slowly (50 MB/s)'],
  ['cached-slow', 'cachedFetch, read slowly (50 MB/s)'],
  ['fetch-unread', 'fetch, not read (2 s)'],
  ['cached-unread', 'cachedFetch, not read (2 s after settled())'],
  ['fetch-gzip-slow', 'fetch, gzip-coded, read slowly'],
  ['cached-gzip-slow', 'cachedFetch, gzip-coded, read slowly'],
  ['cached-background', 'cachedFetch, background refresh nobody reads (2 s after settled())'],
];

const child = fileURLToPath(new URL('./child.ts', import.meta.url));

export async function measureNodeMemory(
  log: (message: string) => void = () => {},
): Promise<Section> {
  const origin = await startMemoryOrigin();
  const rows: Row[] = [];
  try {
    for (const [variant, label] of variants) {
      log(`  ${label}…`);
      try {
        const { stdout } = await promisify(execFile)(
          process.execPath,
          ['--expose-gc', '--import', 'tsx', child, variant, origin.url],
          { timeout: 60_000 },
        );
        const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as VariantResult;
        rows.push({ variant: label, figures: { ...result } });
      } catch (error) {
        rows.push({ variant: label, missing: String((error as Error).message ?? error) });
      }
    }
  } finally {
    await origin.close();
  }
  return {
    id: 'node-memory',
    title: 'Node: peak memory for a 200 MB body (no Content-Length), over the process baseline',
    rows,
    notes: [
      'process.memoryUsage() sampled every 5 ms; each variant in its own process, started with --expose-gc and collected before the baseline.',
      'cachedFetch with its defaults (maxEntryBytes 5 MiB, memory tier on) on a MemoryStore; fetch is Node’s own (undici).',
    ],
  };
}

/** `tsx bench/node-memory/section.ts`: this row alone, as Markdown. */
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { renderMarkdown } = await import('../report.ts');
  const { summarizeSection } = await import('../report.ts');
  const { describeMachine } = await import('../machine.ts');
  const section = await measureNodeMemory((message) => console.error(message));
  console.log(
    renderMarkdown({
      machine: describeMachine('none'),
      cachedFetch: { available: true },
      runtimeSeconds: 0,
      sections: [summarizeSection(section)],
    }),
  );
}
