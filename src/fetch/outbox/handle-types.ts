// What `cache.outbox` offers and returns (types only: the handle's code loads with the outbox).

/** One queued write, as `cache.outbox.list()` describes it. */
export interface OutboxItem {
  /** The id the queued call's 202 gave (`X-Outbox-Id`, and `id` in its JSON body). */
  id: string;
  /** `pending`: waiting to be sent (again); `failed`: final, until `retry(id)` or `discard(id)`. */
  state: 'pending' | 'failed';
  method: string;
  url: string;
  partition: string;
  /** The Idempotency-Key every attempt carries. */
  idempotencyKey: string;
  queuedAt: number;
  /** Attempts made so far, the first (online) one included. */
  attempts: number;
  /** An attempt is under way, or was cut off (a page closed mid-send: it is sent again, same key). */
  inFlight: boolean;
  /** The status of the last attempt that got a response. */
  lastStatus?: number | undefined;
  /** The last network error, or why it failed (`attempts`, `age`). */
  lastError?: string | undefined;
  /** Failed with 409 or 412: the app must resolve the conflict. */
  conflict?: boolean | undefined;
  /** Bytes of its body. */
  bytes: number;
}

/** How a queued write ended, as `cache.outbox.result(id)` resolves. */
export interface OutboxResult {
  status: 'sent' | 'failed' | 'discarded';
  /**
   * The origin's answer (a copy of its body per caller), when it ended the write in this instance
   * while this result(id) waited; not when another tab or worker replayed it, nor once ended.
   */
  response?: Response | undefined;
  /** Failed without a final response: what the last attempt met, and that it ran out of retries. */
  error?: string | undefined;
}

/** `cache.outbox`: present when the `outbox` option is on. */
export interface OutboxHandle {
  /** Pending and failed writes, in the order they were queued. */
  list(): Promise<OutboxItem[]>;
  /** Sends what is pending now (backoff waits are skipped; a Retry-After is honoured). */
  flush(): Promise<void>;
  /** Puts a failed write back to pending (attempts and age start again) and sends it. */
  retry(id: string): Promise<void>;
  /** Removes a write, pending or failed; resolves to whether it was there. */
  discard(id: string): Promise<boolean>;
  /** Resolves when no replay started so far is still running. */
  settled(): Promise<void>;
  /**
   * How the write `id` ends: `sent` or `failed` (with the origin's response when this instance
   * replayed it), `discarded`, also when another tab or worker on the same database ended it
   * (heard on a BroadcastChannel, with `crossTab`). A write already failed, or sent within the
   * last day (a trace is kept), resolves at once, without a response. Rejects with a TypeError
   * for an id the outbox does not hold.
   */
  result(id: string): Promise<OutboxResult>;
}
