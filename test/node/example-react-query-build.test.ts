// The React + TanStack Query example's production build (examples/react-query, `vite build`): the
// inspector, loaded behind `import.meta.env.DEV` with `import()` as the README shows, is not in
// it, while the cache is; the built app is what `npm run example:react -- --production` serves.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ReactQueryExample,
  startReactQueryExample,
} from '../../examples/react-query/server.ts';

const assets = fileURLToPath(new URL('../../examples/react-query/dist/assets', import.meta.url));
let example: ReactQueryExample;

beforeAll(async () => {
  example = await startReactQueryExample({ port: 0, logLevel: 'silent', mode: 'production' });
}, 60_000);

afterAll(async () => {
  await example?.close();
});

describe('the React + TanStack Query example, built for production', () => {
  it('bundles the cache but not the inspector', async () => {
    const files = (await readdir(assets)).filter((file) => file.endsWith('.js'));
    const code = (await Promise.all(files.map((f) => readFile(join(assets, f), 'utf8')))).join(
      '\n',
    );
    // A string of the cache (its Cache-Status token) and one of the inspector (its test ids).
    expect(code).toContain('cached-fetch');
    expect(code).not.toContain('cfi-');

    // The server answers the built page and the API on one origin.
    const page = await (await fetch(example.url)).text();
    expect(page).toMatch(/<script type="module" crossorigin src="\/assets\/[^"]+\.js">/);
    const products = await fetch(new URL('/api/products', example.url));
    expect(products.headers.get('cache-control')).toMatch(/^max-age=\d+$/);
  }, 60_000);
});
