// Docs must not drift from code: every TypeScript block in the README stands verbatim in a file
// under examples/readme/, which `npm run typecheck` compiles against the real API.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!.trim());
const dir = join(root, 'examples/readme');
const checked = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'));

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
