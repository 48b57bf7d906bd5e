// Starts the example SPA and its API on 127.0.0.1: `npm run example`, or from the browser test.
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

export interface ExampleServer {
  url: string;
  close(): Promise<void>;
}

export interface ExampleServerOptions {
  /** 0 picks a free port. Default 5180. */
  port?: number;
  /** Default 'info'. */
  logLevel?: 'info' | 'silent';
  /**
   * Reload the page when a source file changes (Vite's HMR). Default true; tests turn it off so
   * an edit elsewhere in the repository cannot reload the page under them.
   */
  watch?: boolean;
}

export async function startExampleServer(
  options: ExampleServerOptions = {},
): Promise<ExampleServer> {
  const port = options.port ?? 5180;
  const server = await createServer({
    configFile: fileURLToPath(new URL('vite.config.ts', import.meta.url)),
    logLevel: options.logLevel ?? 'info',
    server: {
      host: '127.0.0.1',
      port,
      strictPort: port !== 0,
      ...(options.watch === false ? { hmr: false, watch: null } : {}),
    },
  });
  await server.listen();
  const address = server.httpServer?.address() as AddressInfo | null | undefined;
  if (!address) throw new Error('the example server is not listening on a TCP port');
  const actualPort = address.port;
  return { url: `http://127.0.0.1:${actualPort}/`, close: () => server.close() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = process.env.PORT === undefined ? undefined : Number(process.env.PORT);
  const { url } = await startExampleServer({ port });
  console.log(`\n  cached-fetch example: ${url}\n  (Ctrl+C to stop)\n`);
}
