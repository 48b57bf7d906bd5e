// What the app's requests got from the cache, read from each response's Cache-Status header
// (RFC 9211). Kept in sessionStorage, so the panel still shows the first visit after a reload.
import { parseCacheStatus } from '../../../src/index.ts';

/** How a response was produced, as the panel groups them. */
export type Outcome = 'hit' | 'offline' | 'revalidated' | 'miss' | 'network' | 'error';

export interface LoggedRequest {
  url: string;
  status: number | null;
  cacheStatus: string | null;
  outcome: Outcome;
  /** Body bytes the caller read. */
  bytes: number;
  ms: number;
}

const storageKey = 'cached-fetch-example:requests';
const kept = 50;

export function outcomeOf(cacheStatus: string | null): Outcome {
  const status = parseCacheStatus(cacheStatus);
  if (!status) return 'network';
  // A stale stand-in after a failed forward says fwd=stale with a detail (RFC 9211 §2.2, §2.8).
  const { detail } = status;
  if (detail === 'offline' || detail === 'stale-if-error' || detail === 'timeout') return 'offline';
  if (status.hit) return 'hit';
  if (status.fwdStatus === 304) return 'revalidated';
  return 'miss';
}

export class RequestLog {
  #entries: LoggedRequest[] = this.#load();

  get entries(): readonly LoggedRequest[] {
    return this.#entries;
  }

  add(entry: LoggedRequest): void {
    this.#entries = [entry, ...this.#entries].slice(0, kept);
    sessionStorage.setItem(storageKey, JSON.stringify(this.#entries));
  }

  clear(): void {
    this.#entries = [];
    sessionStorage.removeItem(storageKey);
  }

  #load(): LoggedRequest[] {
    try {
      return JSON.parse(sessionStorage.getItem(storageKey) ?? '[]') as LoggedRequest[];
    } catch {
      return [];
    }
  }
}
