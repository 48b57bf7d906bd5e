// Runs one step: moves the clock, makes one request through the cached fetch, watches the origin
// and the cache's events, and checks what happened against what the step expects.
import type { CachedFetch, CacheEventType } from '../../src/index.ts';
import { Checks, sameCacheStatus } from './checks';
import type { SimulatedClock } from './clock';
import type { Origin, OriginRecord } from './origin';

export interface StepRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Expectation {
  /** The Cache-Status value, parameter for parameter (their order aside). */
  cacheStatus: string | null;
  /** The status the caller saw, or the name of the error the promise rejected with. */
  caller: number | 'TypeError';
  /**
   * What the origin answered, `closed` when it dropped the connection, `pending` when it had not
   * answered yet when the caller got its response, null when it was not contacted.
   */
  origin: number | 'closed' | 'pending' | null;
  /** Whether the request that reached the origin carried validators (If-None-Match / If-Modified-Since). */
  conditional?: boolean;
  /** Cache events that must fire during the step. */
  events?: CacheEventType[];
}

export interface Step {
  /** To refer to this step's outcome from a later one. */
  id?: string;
  title: string;
  /** Simulated seconds to let pass before the request. */
  advanceSec?: number;
  /** Changes to the world before the request (the origin goes down, the back office edits data). */
  before?: (world: World) => void | Promise<void>;
  request: StepRequest;
  expect: Expectation;
  /** Further checks on the outcome. */
  verify?: (outcome: StepOutcome, check: Checks, world: World) => void;
  /** One line about what is worth seeing in this step. */
  note?: (outcome: StepOutcome, world: World) => string | undefined;
}

export interface CacheEventRecord {
  type: CacheEventType;
  detail: unknown;
}

export interface StepOutcome {
  /** Seconds since the start, on the simulated clock. */
  t: number;
  request: Required<Pick<StepRequest, 'method' | 'path'>> & StepRequest;
  response?: Response;
  error?: unknown;
  body: string;
  cacheStatus: string | null;
  /** The status the caller saw, or the error's name. */
  caller: number | string;
  /** What reached the origin during this step. */
  originRecords: OriginRecord[];
  events: CacheEventRecord[];
  /** Response body bytes the origin sent during this step. */
  bytesOverWire: number;
  /** Response body bytes the same request would have cost without the cache. */
  bytesWithoutCache: number;
  /** What is worth seeing in this step (from the step's `note`). */
  note?: string;
  failures: string[];
}

/** The options the demo's app may change when it restarts. */
export interface RestartOptions {
  offline?: 'error' | 'stale';
  networkTimeout?: number;
  /** Writes that cannot reach the origin are kept and sent later (the outbox, issue 22). */
  outbox?: boolean;
}

export interface World {
  readonly clock: SimulatedClock;
  readonly origin: Origin;
  /** The cached fetch the app uses now. */
  readonly client: CachedFetch;
  /** The app restarts: the current cached fetch is closed and a new one opens the same database. */
  restart(options: RestartOptions): Promise<void>;
  /** Outcomes of earlier steps, by step id. */
  readonly outcomes: Map<string, StepOutcome>;
  /** Where the cache's events go during a step. */
  events: CacheEventRecord[];
}

const requestTimeoutMs = 5000;
const storeTimeoutMs = 2000;

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The cache writes a response once its body is complete, after the caller got it: wait for that. */
async function eventFired(
  events: CacheEventRecord[],
  type: CacheEventType,
  ms: number,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!events.some((event) => event.type === type)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

/** An 'error' event, as one line: operation, path, error. */
export function describeError(event: CacheEventRecord): string {
  const { error, operation, url } = event.detail as {
    error?: unknown;
    operation?: string;
    url?: string;
  };
  const where = url === undefined ? '' : ` ${new URL(url).pathname}`;
  return `${operation ?? '?'}${where}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
}

export function describeRequest(request: StepRequest): string {
  const headers = Object.entries(request.headers ?? {})
    .filter(([name]) => name !== 'content-type')
    .map(([name, value]) => `${name}: ${value}`);
  const text = `${request.method ?? 'GET'} ${request.path}`;
  return headers.length > 0 ? `${text} (${headers.join(', ')})` : text;
}

export async function runStep(world: World, step: Step): Promise<StepOutcome> {
  const { clock, origin } = world;
  if (step.advanceSec) clock.advance(step.advanceSec);
  await step.before?.(world);

  const request = { ...step.request, method: step.request.method ?? 'GET' };
  const headers = new Headers(request.headers);
  const safe = request.method === 'GET' || request.method === 'HEAD';
  const withoutCache = safe
    ? origin.unconditionalBytes(request.method, request.path, headers)
    : undefined;

  const events: CacheEventRecord[] = [];
  world.events = events;
  const firstRecord = origin.log.length;
  const outcome: StepOutcome = {
    t: clock.elapsedSec(),
    request,
    body: '',
    cacheStatus: null,
    caller: 'none',
    originRecords: [],
    events,
    bytesOverWire: 0,
    bytesWithoutCache: 0,
    failures: [],
  };
  const check = new Checks();

  try {
    const init: RequestInit = { method: request.method, headers };
    if (request.body !== undefined) init.body = request.body;
    const response = await within(
      world.client(origin.url + request.path, init),
      requestTimeoutMs,
      'the request',
    );
    outcome.response = response;
    outcome.caller = response.status;
    outcome.cacheStatus = response.headers.get('cache-status');
    outcome.body = await within(response.text(), requestTimeoutMs, 'the response body');
    if (outcome.cacheStatus?.split(';').some((part) => part.trim() === 'stored')) {
      const stored = await eventFired(events, 'stored', storeTimeoutMs);
      check.that(
        stored,
        `the response said "stored" and was written to the store`,
        `no 'stored' event within ${storeTimeoutMs} ms`,
      );
    }
  } catch (error) {
    outcome.error = error;
    outcome.caller = error instanceof Error ? error.name : String(error);
  }

  outcome.originRecords = origin.log.slice(firstRecord);
  outcome.bytesOverWire = outcome.originRecords.reduce((sum, record) => sum + record.bodyBytes, 0);
  outcome.bytesWithoutCache = withoutCache ?? outcome.bytesOverWire;

  const { expect } = step;
  if (outcome.error !== undefined && expect.caller !== 'TypeError') {
    check.that(
      false,
      `the caller gets a ${expect.caller}`,
      `the request failed: ${String(outcome.error)}`,
    );
  } else {
    check.equal('the status the caller saw', outcome.caller, expect.caller);
  }
  if (expect.cacheStatus === null) {
    check.equal('Cache-Status', outcome.cacheStatus, null);
  } else if (outcome.error === undefined) {
    check.that(
      sameCacheStatus(outcome.cacheStatus, expect.cacheStatus),
      `Cache-Status is "${expect.cacheStatus}"`,
      `got ${outcome.cacheStatus === null ? 'none' : `"${outcome.cacheStatus}"`}`,
    );
  }
  const reached = outcome.originRecords;
  if (expect.origin === null) {
    check.that(
      reached.length === 0,
      'the origin was not contacted',
      `${reached.length} request(s) reached it`,
    );
  } else {
    const statuses = reached.map((record) => record.status).join(', ') || 'none';
    check.that(
      reached.length === 1 && reached[0]?.status === expect.origin,
      `one request reached the origin, which answered ${expect.origin}`,
      `the origin saw ${reached.length} request(s), answered: ${statuses}`,
    );
  }
  if (expect.conditional !== undefined && reached.length > 0) {
    const conditional = reached.every((record) => record.conditional.length > 0);
    check.that(
      conditional === expect.conditional,
      expect.conditional
        ? 'the request to the origin was conditional'
        : 'the request to the origin carried no validators',
      conditional ? `it carried ${reached[0]?.conditional.join(', ')}` : 'it carried no validators',
    );
  }
  for (const type of expect.events ?? []) {
    check.that(
      events.some((event) => event.type === type),
      `a '${type}' event fired`,
      'it did not',
    );
  }
  const errors = events.filter((event) => event.type === 'error');
  check.that(
    errors.length === 0,
    'no cache error event',
    `'error' events: ${errors.map(describeError).join('; ')}`,
  );
  try {
    step.verify?.(outcome, check, world);
    outcome.note = step.note?.(outcome, world);
  } catch (error) {
    check.that(false, 'the step could be checked', `checking it threw ${String(error)}`);
  }

  outcome.failures = check.failures;
  if (step.id) world.outcomes.set(step.id, outcome);
  return outcome;
}
