// Starts the test origin for the node and browser projects and hands its URL to the tests.
import type { TestProject } from 'vitest/node';
import { startOrigin } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    originUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const origin = await startOrigin();
  project.provide('originUrl', origin.url);
  return () => origin.close();
}
