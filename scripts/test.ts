// npm test: every vitest project, one group after another (our machines have 2 cores, and three
// browsers at once make the timing-sensitive page tests flaky), a line of counts per group, then
// the total line CI reads: "vitest: N passed, N failed".
//
//   npm test                      everything: unit + node, then Chromium, Firefox and WebKit
//   npm test -- firefox           one group (core, chromium, firefox, webkit); several may be named
//   npm test -- webkit -t Vary    any other argument goes to vitest
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type EngineName, engineNames } from '../test/engines/installed.ts';
import { ensureEngines } from './ensure-engines.ts';

const groups: Record<string, string[]> = {
  core: ['unit', 'node'],
  ...Object.fromEntries(engineNames.map((engine) => [engine, [engine, `${engine}-pages`]])),
};
/** A group that has not finished by then has hung: it is stopped and counted as failed. */
const groupTimeoutMs = 20 * 60_000;

const args = process.argv.slice(2);
const named = args.filter((arg) => arg in groups);
const vitestArgs = args.filter((arg) => !(arg in groups));
const selected = named.length > 0 ? named : Object.keys(groups);

// The core group's node project drives Chromium (example app, inspector, workers) and Firefox
// (workers) from Node too.
const coreEngines: EngineName[] = ['chromium', 'firefox'];
ensureEngines([
  ...new Set(selected.flatMap((name) => (name === 'core' ? coreEngines : [name as EngineName]))),
]);

const dir = mkdtempSync(join(tmpdir(), 'cached-fetch-test-'));
const lines: string[] = [];
let passed = 0;
let failed = 0;
let ok = true;
for (const group of selected) {
  const report = join(dir, `${group}.json`);
  const projects = groups[group]!.flatMap((project) => ['--project', project]);
  const code = await run('npx', [
    'vitest',
    'run',
    ...projects,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...vitestArgs,
  ]);
  const counts = readCounts(report);
  passed += counts.passed;
  failed += counts.failed;
  if (code !== 0 || counts.failed > 0) ok = false;
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
  const retried =
    counts.passedOnRetry.length > 0
      ? ` (${counts.passedOnRetry.length} passed only on retry: ${counts.passedOnRetry.join('; ')})`
      : '';
  const line = `${group}: ${counts.passed} passed, ${counts.failed} failed${skipped}${retried}`;
  const groupLines = [
    code === 0 || counts.failed > 0 ? line : `${line} (vitest exited with ${code})`,
    // CI keeps only the log's tail: the summary names each failure and its first error line.
    ...counts.failures.map((failure) => `  ${group} failed: ${failure}`),
  ];
  lines.push(...groupLines);
  console.log(`\n${groupLines.join('\n')}\n`);
}
rmSync(dir, { recursive: true, force: true });
console.log(lines.join('\n'));
console.log(`vitest: ${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);

function run(command: string, commandArgs: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { stdio: 'inherit', detached: true });
    const timer = setTimeout(() => {
      console.error(`npm test: ${commandArgs.join(' ')} ran past ${groupTimeoutMs / 60_000} min`);
      process.kill(-child.pid!, 'SIGKILL');
    }, groupTimeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  /** Tests that failed, then passed on a retry (vitest keeps the failed attempt's errors). */
  passedOnRetry: string[];
  /** Each failed test's file, name and first error line. */
  failures: string[];
}

/** The counts of vitest's JSON report; a run that wrote none (it crashed) counts as one failure. */
function readCounts(report: string): Counts {
  if (!existsSync(report)) {
    return { passed: 0, failed: 1, skipped: 0, passedOnRetry: [], failures: ['no report written'] };
  }
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: Array<{
      name: string;
      status: string;
      message: string;
      assertionResults: Array<{ fullName: string; status: string; failureMessages: string[] }>;
    }>;
  };
  const passedOnRetry = json.testResults
    .flatMap((file) => file.assertionResults)
    .filter((test) => test.status === 'passed' && test.failureMessages.length > 0)
    .map((test) => test.fullName);
  const firstLine = (message: string | undefined) => (message ?? '').split('\n')[0]!.slice(0, 240);
  const failures = json.testResults.flatMap((file) => {
    const where = relative(process.cwd(), file.name);
    const tests = file.assertionResults
      .filter((test) => test.status === 'failed')
      .map((test) => `${where} › ${test.fullName}: ${firstLine(test.failureMessages[0])}`);
    // A file that failed outside its tests (an import, a hook) has no failed test to name.
    return tests.length === 0 && file.status === 'failed'
      ? [`${where}: ${firstLine(file.message)}`]
      : tests;
  });
  return {
    passed: json.numPassedTests,
    failed: json.numFailedTests,
    skipped: json.numPendingTests + json.numTodoTests,
    passedOnRetry,
    failures,
  };
}
