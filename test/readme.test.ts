// Docs must not drift from code: every TypeScript block in the README stands verbatim in a file
// under examples/readme/, which `npm run typecheck` compiles against the real API (strict, and the
// Service Worker recipe under the WebWorker lib). The recipes must also work together (issue 26).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!.trim());
const dir = join(root, 'examples/readme');
const files = readdirSync(dir).map((name) => join(dir, name));
const checked = files.map((file) => readFileSync(file, 'utf8'));

/** The one README block that contains `marker`. */
function blockWith(marker: string): string {
  const found = blocks.filter((block) => block.includes(marker));
  expect(found, `README blocks with ${marker}`).toHaveLength(1);
  return found[0]!;
}

describe('README examples', () => {
  it('has TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it.each(blocks.map((block, index) => [index + 1, block] as const))(
    'block %i is type-checked in examples/readme/',
    (_index, block) => {
      expect(checked.some((file) => file.includes(block))).toBe(true);
    },
  );
});

describe('README events table', () => {
  it('has a row for every event of CacheEventMap, the outbox events too', () => {
    const source = readFileSync(join(root, 'src/fetch/context/events.ts'), 'utf8');
    const map = source.slice(source.indexOf('interface CacheEventMap'));
    const events = [...map.slice(0, map.indexOf('\n}')).matchAll(/^ {2}(\w+): /gm)].map(
      (match) => match[1]!,
    );
    expect(events).toEqual(expect.arrayContaining(['queued', 'sent', 'failed', 'cleared']));
    const rows = new Map(
      [...readme.matchAll(/^\| `(\w+)` +\| `\{ ([^}]*) \}` +\|/gm)].map((m) => [m[1]!, m[2]!]),
    );
    for (const event of events) expect(rows.has(event), `row for ${event}`).toBe(true);
    expect(rows.get('cleared')).toContain('writes');
    expect(rows.get('failed')).toMatch(/reason, conflict/);
  });
});

describe('README recipes that work together (issue 26)', () => {
  it('the offline banner covers every stand-in: isStandIn, not a hand-made list of details', () => {
    const block = blockWith('showOfflineBanner');
    expect(block).toMatch(/if \(isStandIn\(res\)\) showOfflineBanner\(\)/);
    expect(block).not.toMatch(/detail ===/);
    expect(block).toContain("offline: 'any'");
  });

  it("TanStack Query runs queries offline (networkMode 'offlineFirst'), and says why", () => {
    // Every recipe's client: queries answered by the cache offline, writes reaching the outbox.
    const clients = blocks.filter((block) => block.includes('new QueryClient'));
    expect(clients.length).toBeGreaterThan(0);
    for (const block of clients) expect(block).toContain("networkMode: 'offlineFirst'");
    expect(readme).toMatch(/default\s+\(`'online'`\) queries are paused/);
  });

  it("offline writes reach the outbox: the mutation runs offline (networkMode 'offlineFirst')", () => {
    // TanStack's default pauses a mutation made offline in memory: it never reaches cachedFetch,
    // so the outbox never keeps it, and a reload loses it (the very loss the outbox is for).
    const block = blockWith('new MutationObserver(');
    expect(block).toContain('createCachedFetch({ outbox: true })');
    expect(block).toMatch(
      /new MutationObserver\(queryClient, \{[\s\S]*networkMode: 'offlineFirst'/,
    );
    expect(block).toContain("addEventListener('sent'");
    expect(block).toContain("addEventListener('failed'");
  });

  it("the inspector mounts the app's own instance, loaded with import() in development only", () => {
    const block = blockWith('mountInspector');
    expect(block).toContain('createCachedFetch(');
    expect(block).toContain('mountInspector(cachedFetch.cache');
    // Not the default instance: its counters would not hear the app's requests.
    expect(block).not.toMatch(/import \{[^}]*\bcachedFetch\b[^}]*\} from 'cached-fetch'/);
    expect(block).toMatch(
      /if \(import\.meta\.env\.DEV\) \{\n\s+const \{ mountInspector \} = await import\('cached-fetch\/inspector'\);/,
    );
    // No block imports the inspector statically (it would ship in production bundles).
    for (const each of blocks) expect(each).not.toMatch(/^import .*'cached-fetch\/inspector'/m);
  });

  it('the Service Worker recipe type-checks exactly as printed under lib ["ES2022", "WebWorker"]', () => {
    const block = blockWith('respondWith');
    expect(block).toContain('declare const self: ServiceWorkerGlobalScope;');
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, 'tsconfig.webworker.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => expect(diagnostic).toBeUndefined(),
      },
    )!;
    // The WebWorker lib and not the DOM's: what a Service Worker project compiles with.
    expect(config.options.lib).toEqual(['lib.es2022.d.ts', 'lib.webworker.d.ts']);
    const [file, ...others] = config.fileNames;
    expect(others).toEqual([]);
    expect(readFileSync(file!, 'utf8')).toContain(block);
    const program = ts.createProgram([file!], config.options);
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  }, 60_000);
});

describe('the README is the npm package page: it speaks to npm users (issue 26)', () => {
  const shipped: string[] = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).files;

  // The clone's quick start closes the README, under its own heading; everything above it is for
  // npm users.
  const [forUsers, forClone = ''] = readme.split('\n## Quick start in a clone of the repository\n');

  it('names nothing only a clone of the repository has: decision numbers, bench/, npm scripts', () => {
    expect(forUsers).not.toMatch(/decisions? \d{4}/i);
    expect(forUsers).not.toMatch(/docs\/decisions|bench\/|examples\/|test\/|\.ci\//);
    // `npm install cached-fetch` is the one npm command a user runs.
    expect(forUsers!.match(/npm [a-z]+[^`\n]*/g)).toEqual(['npm install cached-fetch']);
  });

  it('ends with the two commands of a clone: the live demonstration and the tests', () => {
    expect(forClone).toContain('npm install && npm run demo');
    expect(forClone).toMatch(/^npm test\b/m);
    expect(forClone).not.toMatch(/^## /m);
  });

  it('links and images point at files the package ships', () => {
    const targets = [...readme.matchAll(/\]\(([^)#]+)\)/g)].map((match) => match[1]!);
    for (const target of targets.filter((t) => !/^[a-z]+:/.test(t))) {
      expect(shipped.some((entry) => target === entry || target.startsWith(`${entry}/`))).toBe(
        true,
      );
    }
  });

  it('describes the request headers exactly: Pragma: no-cache goes out with every request', () => {
    // Verified in all three engines by test/browser/fetch-conformance.test.ts.
    expect(readme).not.toMatch(/max-stale=0` instead of/);
    expect(readme).toMatch(/every browser adds\s+`Pragma: no-cache`/);
    expect(readme).toMatch(/`max-stale=0` in the default mode/);
    expect(readme).toMatch(/browser's\s+`Cache-Control: no-cache` and `Pragma: no-cache`/);
  });
});
