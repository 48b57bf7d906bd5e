// Request coalescing in one tab: identical concurrent requests share one piece of work.
// Every waiter settles (with the shared error if it failed); one waiter aborting stops only its own
// wait. Before the response head arrives the shared work is aborted when every waiter has gone;
// after it, each waiter's body stream is its own (BodyBroadcast).
import { raceAbort } from '../response/abort';

interface Flight<T> {
  promise: Promise<T>;
  waiters: number;
  controller: FlightAbort;
  /** The primary cache key and partition the work is for, so invalidation can forget it. */
  tag: FlightTag;
}

export interface FlightTag {
  key: string;
  partition: string;
}

/**
 * A flight's abort: its AbortController is made only when the work asks for a signal (to go to the
 * network), so a hit makes none and adds no listener.
 */
export interface FlightAbort {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}

export class Flights<T> {
  readonly #flights = new Map<string, Flight<T>>();

  /**
   * Joins the flight for `id`, starting it with `start` when there is none. `start` gets the
   * flight's controller, which aborts when every waiter has aborted (and may be aborted by the work
   * itself, when nobody is left to read what it fetches). A flight can be joined until `start` settles (the
   * response head, or a stored response, is there): a stalled body never holds later callers.
   */
  join(
    id: string,
    tag: FlightTag,
    signal: AbortSignal | null,
    start: (controller: FlightAbort) => Promise<T>,
  ): { result: Promise<T>; leader: boolean } {
    let flight = this.#flights.get(id);
    const leader = flight === undefined;
    if (!flight) {
      const forget = () => {
        if (this.#flights.get(id) === created) this.#flights.delete(id);
      };
      let made: AbortController | undefined;
      const controller: FlightAbort = {
        get signal() {
          made ??= new AbortController();
          return made.signal;
        },
        abort(reason) {
          made ??= new AbortController();
          made.abort(reason);
          // Work that every waiter abandoned is never joined again, even while the network stops.
          forget();
        },
      };
      const created: Flight<T> = { promise: undefined as never, waiters: 0, controller, tag };
      created.promise = start(controller);
      created.promise.then(forget, forget);
      this.#flights.set(id, created);
      flight = created;
    }
    const joined = flight;
    joined.waiters++;
    const result = raceAbort(joined.promise, signal);
    result.catch(() => {
      if (signal?.aborted && --joined.waiters === 0) joined.controller.abort(signal.reason);
    });
    return { result, leader };
  }

  /** New callers for matching work start afresh (after an invalidation or a clear). */
  forget(matches: (tag: FlightTag) => boolean): void {
    for (const [id, flight] of this.#flights) if (matches(flight.tag)) this.#flights.delete(id);
  }
}
