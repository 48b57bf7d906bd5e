import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './test/chromium.ts';
import { sameOriginTestOrigin } from './test/origin/vite-plugin.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'happy-dom',
          // The page's origin: msw's ORIGIN (test/fetch/support.ts) is same-origin by default.
          environmentOptions: { happyDOM: { url: 'https://api.test/app' } },
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/node/**'],
          setupFiles: ['fake-indexeddb/auto'],
        },
      },
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/node/**/*.test.ts'],
          setupFiles: ['fake-indexeddb/auto'],
          globalSetup: ['test/origin/global-setup.ts'],
        },
      },
      {
        plugins: [sameOriginTestOrigin()],
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/origin/global-setup.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
            }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'text'],
    },
  },
});
