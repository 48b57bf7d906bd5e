// The package's own rollup build (rollup.config.js), for the bench steps that measure dist/ as it
// ships (page loads, an app's bytes) and the per-module breakdown.
import { type RollupOptions, rollup } from 'rollup';

/** The JavaScript build of rollup.config.js (ESM and CJS outputs; the declarations' builds after it). */
export async function packageConfig(): Promise<RollupOptions> {
  // A string specifier: the config is plain JavaScript, without declarations.
  const config: string = '../rollup.config.js';
  const { default: configs } = (await import(config)) as { default: RollupOptions[] };
  return configs[0]!;
}

/** dist/*.js as `npm run build` writes them (declarations left out), from the current src/. */
export async function buildPackage(): Promise<void> {
  const config = await packageConfig();
  const bundle = await rollup({ ...config, onwarn: () => {} });
  try {
    for (const output of [config.output ?? []].flat()) await bundle.write(output);
  } finally {
    await bundle.close();
  }
}
