// Output: a coloured table when stdout is a terminal, plain text otherwise (NO_COLOR respected).
import { describeRequest, type Step, type StepOutcome } from './runner';

export interface Intro {
  origin: string;
  database: string;
  steps: Step[];
}

export interface Summary {
  requests: number;
  reachedOrigin: number;
  conditional: number;
  notModified: number;
  unanswered: number;
  bytesOverWire: number;
  bytesWithoutCache: number;
  store: { entries: number; bytes: number } | string;
  simulatedSec: number;
  realMs: number;
  failedSteps: Array<{ index: number; title: string }>;
  /** Failures outside any step (e.g. the final state of the store). */
  otherFailures: string[];
}

export interface Reporter {
  intro(intro: Intro): void;
  step(index: number, step: Step, outcome: StepOutcome): void;
  summary(summary: Summary): void;
}

type Paint = (text: string) => string;

function palette(enabled: boolean) {
  const code =
    (open: number, close: number): Paint =>
    (text) =>
      enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return {
    bold: code(1, 22),
    dim: code(2, 22),
    red: code(31, 39),
    green: code(32, 39),
    yellow: code(33, 39),
    blue: code(34, 39),
    magenta: code(35, 39),
    cyan: code(36, 39),
  };
}

const number = new Intl.NumberFormat('en-US');

function originText(outcome: StepOutcome): string {
  if (outcome.originRecords.length === 0) return '—';
  return outcome.originRecords.map((record) => String(record.status)).join(',');
}

function saved(summary: Summary): string {
  if (summary.bytesWithoutCache === 0) return '';
  const percent = Math.round((1 - summary.bytesOverWire / summary.bytesWithoutCache) * 100);
  return ` (${percent}% saved)`;
}

function storeText(store: Summary['store']): string {
  return typeof store === 'string'
    ? store
    : `${store.entries} entries, ${number.format(store.bytes)} bytes`;
}

function summaryLines(summary: Summary): Array<[string, string]> {
  return [
    ['requests made', String(summary.requests)],
    [
      'requests that reached the origin',
      `${summary.reachedOrigin} (${summary.conditional} conditional, ${summary.notModified} answered 304, ` +
        `${summary.unanswered} dropped)`,
    ],
    ['answered without the origin', String(summary.requests - summary.reachedOrigin)],
    ['body bytes over the wire', number.format(summary.bytesOverWire)],
    [
      'body bytes without the cache',
      `${number.format(summary.bytesWithoutCache)}${saved(summary)}`,
    ],
    ['IndexedDB store at the end', storeText(summary.store)],
  ];
}

function introLines(intro: Intro): Array<[string, string]> {
  return [
    ['origin', `${intro.origin} (node:http, in this process)`],
    ['network', "Node's global fetch (undici)"],
    ['store', `IndexedDBStore "${intro.database}" on fake-indexeddb`],
    ['time', 'simulated: the clock jumps forward instead of sleeping; t = seconds on that clock'],
    ['bytes', 'response body bytes the origin sent in that step (what crossed the wire)'],
  ];
}

function verdict(summary: Summary): { ok: boolean; text: string } {
  const failed = summary.failedSteps.length + summary.otherFailures.length;
  if (failed === 0) return { ok: true, text: `All ${summary.requests} steps behaved as expected.` };
  const steps = summary.failedSteps.map((s) => `${s.index} (${s.title})`).join(', ');
  const parts = [];
  if (summary.failedSteps.length > 0)
    parts.push(
      `${summary.failedSteps.length} of ${summary.requests} steps did not behave as expected: ${steps}`,
    );
  for (const failure of summary.otherFailures) parts.push(failure);
  return { ok: false, text: `FAILED: ${parts.join('; ')}` };
}

/** Plain text: one block per step, no escape codes; fit for logs and CI. */
export class PlainReporter implements Reporter {
  readonly #write: (line: string) => void;

  constructor(write: (line: string) => void) {
    this.#write = write;
  }

  intro(intro: Intro): void {
    this.#write('cached-fetch demo');
    for (const [name, value] of introLines(intro)) this.#write(`  ${name.padEnd(8)} ${value}`);
    this.#write('');
  }

  step(index: number, step: Step, outcome: StepOutcome): void {
    const w = this.#write;
    w(`${index}. ${step.title} (t=${outcome.t}s)`);
    w(`   request:      ${describeRequest(outcome.request)}`);
    w(`   cache-status: ${outcome.cacheStatus ?? '(none)'}`);
    w(
      `   caller: ${outcome.caller}   origin: ${originText(outcome)}   bytes over the wire: ${outcome.bytesOverWire}`,
    );
    if (outcome.note) w(`   note: ${outcome.note}`);
    for (const failure of outcome.failures) w(`   FAILED: expected ${failure}`);
    w(`   ${outcome.failures.length === 0 ? 'ok' : 'NOT OK'}`);
  }

  summary(summary: Summary): void {
    const w = this.#write;
    w('');
    w(
      `Summary (${summary.simulatedSec} s on the simulated clock, ${summary.realMs} ms of real time)`,
    );
    for (const [name, value] of summaryLines(summary)) w(`  ${name.padEnd(34)} ${value}`);
    for (const failure of summary.otherFailures) w(`  FAILED: expected ${failure}`);
    w(verdict(summary).text);
  }
}

/** A terminal: aligned columns, colour unless NO_COLOR. */
export class TableReporter implements Reporter {
  readonly #write: (line: string) => void;
  readonly #c: ReturnType<typeof palette>;
  #requestWidth = 30;

  constructor(write: (line: string) => void, color: boolean) {
    this.#write = write;
    this.#c = palette(color);
  }

  intro(intro: Intro): void {
    const c = this.#c;
    this.#requestWidth = Math.max(
      ...intro.steps.map((step) => describeRequest(step.request).length),
      7,
    );
    this.#write(c.bold('cached-fetch demo'));
    for (const [name, value] of introLines(intro))
      this.#write(`  ${c.dim(name.padEnd(8))} ${value}`);
    this.#write('');
    this.#write(c.bold(this.#row('Request', 'Caller', 'Origin', 'Bytes', 'Cache-Status')));
  }

  #row(request: string, caller: string, origin: string, bytes: string, status: string): string {
    return `    ${request.padEnd(this.#requestWidth)}  ${caller.padEnd(9)}  ${origin.padEnd(6)}  ${bytes.padStart(5)}  ${status}`;
  }

  #statusColour(status: number | string): Paint {
    const c = this.#c;
    if (typeof status !== 'number') return c.red;
    if (status === 304) return c.cyan;
    return status < 400 ? c.green : c.red;
  }

  #cacheStatusColour(value: string | null): Paint {
    const c = this.#c;
    if (value === null) return c.dim;
    if (/detail=/.test(value)) return c.magenta;
    if (/; hit/.test(value)) return c.green;
    if (/fwd-status=304/.test(value)) return c.cyan;
    if (/fwd=method/.test(value)) return c.blue;
    return c.yellow;
  }

  step(index: number, step: Step, outcome: StepOutcome): void {
    const c = this.#c;
    const ok = outcome.failures.length === 0;
    const mark = ok ? c.green('✓') : c.red('✗');
    this.#write(
      `${mark} ${c.bold(`${String(index).padStart(2)}. ${step.title}`)} ${c.dim(`t=${outcome.t}s`)}`,
    );
    // Pad before painting: escape codes have no width.
    const pad = (text: string, width: number, paint: Paint) => paint(text.padEnd(width));
    const origin = originText(outcome);
    const originPaint = origin === '—' ? c.dim : this.#statusColour(Number(origin) || origin);
    this.#write(
      `    ${describeRequest(outcome.request).padEnd(this.#requestWidth)}  ` +
        `${pad(String(outcome.caller), 9, this.#statusColour(outcome.caller))}  ` +
        `${pad(origin, 6, originPaint)}  ` +
        `${String(outcome.bytesOverWire).padStart(5)}  ` +
        `${this.#cacheStatusColour(outcome.cacheStatus)(outcome.cacheStatus ?? '(none)')}`,
    );
    if (outcome.note) this.#write(`    ${c.dim(outcome.note)}`);
    for (const failure of outcome.failures) this.#write(`    ${c.red(`✗ expected ${failure}`)}`);
  }

  summary(summary: Summary): void {
    const c = this.#c;
    this.#write('');
    this.#write(
      c.bold('Summary') +
        c.dim(
          ` (${summary.simulatedSec} s on the simulated clock, ${summary.realMs} ms of real time)`,
        ),
    );
    for (const [name, value] of summaryLines(summary))
      this.#write(`  ${c.dim(name.padEnd(34))} ${value}`);
    for (const failure of summary.otherFailures) this.#write(`  ${c.red(`✗ expected ${failure}`)}`);
    const { ok, text } = verdict(summary);
    this.#write(ok ? c.green(c.bold(text)) : c.red(c.bold(text)));
  }
}

/** The table and colour on a terminal, plain text elsewhere; colour off when NO_COLOR is set. */
export function createReporter(stream: NodeJS.WriteStream = process.stdout): Reporter {
  const write = (line: string) => void stream.write(`${line}\n`);
  if (!stream.isTTY) return new PlainReporter(write);
  const noColor = (process.env.NO_COLOR ?? '') !== '';
  return new TableReporter(write, !noColor);
}
