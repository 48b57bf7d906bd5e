// Turns measured sections into the summaries kept in latest.json and the Markdown table.
import type { Machine } from './machine.ts';
import type { Row, Section } from './results-types.ts';
import { type Summary, summarize } from './stats.ts';

export interface SummarizedRow extends Row {
  summary?: Summary;
  /** Median over the floor's median (sub-series such as `x:firstByte` against `floor:firstByte`). */
  ratioToFloor?: number;
}

export interface SummarizedSection extends Omit<Section, 'rows'> {
  rows: SummarizedRow[];
}

export interface BenchResults {
  machine: Machine;
  cachedFetch: { available: boolean; missing?: string };
  runtimeSeconds: number;
  sections: SummarizedSection[];
}

export function summarizeSection(section: Section): SummarizedSection {
  const rows: SummarizedRow[] = section.rows.map((row) => ({
    ...row,
    summary: row.samplesMs ? summarize(row.samplesMs) : undefined,
  }));
  const byName = new Map(rows.map((row) => [row.variant, row]));
  for (const row of rows) {
    if (!section.floor || !row.summary) continue;
    const series = row.variant.includes(':') ? row.variant.slice(row.variant.indexOf(':')) : '';
    const floor = byName.get(section.floor + series)?.summary;
    if (floor && floor.medianMs > 0) row.ratioToFloor = row.summary.medianMs / floor.medianMs;
  }
  return { ...section, rows };
}

function ms(value: number): string {
  if (value < 1) return value.toFixed(3);
  if (value < 10) return value.toFixed(2);
  return value.toFixed(1);
}

function figure(name: string, value: number): string {
  if (/bytes/i.test(name) && value >= 10_000) {
    return `${Math.round(value).toLocaleString('en-US')} (${(value / 1024).toFixed(1)} KiB)`;
  }
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toFixed(2);
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function table(section: SummarizedSection): string[] {
  const timed = section.rows.some((row) => row.samplesMs);
  const figureNames = [...new Set(section.rows.flatMap((row) => Object.keys(row.figures ?? {})))];
  const head = ['Variant'];
  if (timed) head.push('median ms', 'p95 ms', section.floor ? '× floor' : '', 'n');
  head.push(...figureNames, 'note');
  const columns = head.filter((h) => h !== '');
  const lines = [`| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`];
  for (const row of section.rows) {
    const cells = [cell(row.variant === section.floor ? `${row.variant} (floor)` : row.variant)];
    if (row.missing) {
      if (timed) cells.push(`**missing**`, '—', ...(section.floor ? ['—'] : []), '—');
      cells.push(
        ...figureNames.map(() => '—'),
        cell([`missing: ${row.missing}`, row.note].filter(Boolean).join('; ')),
      );
      lines.push(`| ${cells.join(' | ')} |`);
      continue;
    }
    if (timed) {
      const s = row.summary;
      cells.push(s ? ms(s.medianMs) : '', s ? ms(s.p95Ms) : '');
      if (section.floor)
        cells.push(row.ratioToFloor !== undefined ? `${row.ratioToFloor.toFixed(2)}×` : '');
      cells.push(s ? String(s.n) : '');
    }
    cells.push(
      ...figureNames.map((name) =>
        row.figures?.[name] !== undefined ? figure(name, row.figures[name]) : '',
      ),
    );
    cells.push(cell(row.note ?? ''));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

export function renderMarkdown(results: BenchResults): string {
  const { machine: m } = results;
  const out = [
    '## Benchmarks',
    '',
    `Measured ${m.date.slice(0, 10)} on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), ` +
      `${m.chromium} headless (Debian), Node ${m.node}; origin on 127.0.0.1, page same-origin, ` +
      `on-disk profile. \`npm run bench\` took ${Math.round(results.runtimeSeconds)} s.`,
    '',
  ];
  if (!results.cachedFetch.available)
    out.push(`**cachedFetch did not run**: ${results.cachedFetch.missing}`, '');
  for (const section of results.sections) {
    out.push(`### ${section.title}`, '', ...table(section), '');
    for (const note of section.notes ?? []) out.push(`- ${note}`);
    if (section.notes?.length) out.push('');
  }
  return out.join('\n');
}
