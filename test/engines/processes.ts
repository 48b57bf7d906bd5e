// Child processes of the engine drivers (Xvfb, WebKitWebDriver): started with spawn, stopped by
// pid (TERM, then KILL) so a failed run never leaves a browser behind.
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

export interface Child {
  process: ChildProcess;
  stop(): Promise<void>;
}

export function startChild(command: string, args: string[], options: SpawnOptions = {}): Child {
  const child = spawn(command, args, { stdio: 'ignore', ...options, detached: true });
  // An engine that fails to start must surface as a test error, not an unhandled 'error' event.
  child.on('error', () => {});
  return { process: child, stop: () => stopChild(child) };
}

/** TERM the child's process group, KILL it if it has not exited after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** Rejects with `message` when `promise` has not settled within `ms`: every browser step is bounded. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (no answer in ${ms} ms)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
