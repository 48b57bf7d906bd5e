// Request coalescing in one tab: identical concurrent requests share one piece of work.
// Every waiter settles (with the shared error if it failed); one waiter aborting stops only its own
// wait; the shared work is aborted only when every waiter has gone.
import { raceAbort } from './abort';

interface Flight<T> {
  promise: Promise<T>;
  waiters: number;
  controller: AbortController;
}

export class Flights<T> {
  readonly #flights = new Map<string, Flight<T>>();

  /**
   * Joins the flight for `key`, starting it with `start` when there is none. `start` gets a signal
   * that aborts when every waiter has aborted. The flight stays joinable until `start` settles and
   * then until `release` (given to `start`) is called, so late joiners can still share a body.
   */
  join(
    key: string,
    signal: AbortSignal | null,
    start: (signal: AbortSignal, release: () => void) => Promise<T>,
  ): { result: Promise<T>; leader: boolean } {
    let flight = this.#flights.get(key);
    const leader = flight === undefined;
    if (!flight) {
      const controller = new AbortController();
      const created: Flight<T> = { promise: undefined as never, waiters: 0, controller };
      const release = () => {
        if (this.#flights.get(key) === created) this.#flights.delete(key);
      };
      // Work that every waiter abandoned is never joined again, even while the network stops.
      controller.signal.addEventListener('abort', release, { once: true });
      created.promise = start(controller.signal, release);
      created.promise.catch(release);
      this.#flights.set(key, created);
      flight = created;
    }
    const joined = flight;
    joined.waiters++;
    const result = raceAbort(joined.promise, signal);
    const leave = () => {
      if (--joined.waiters === 0) joined.controller.abort(signal?.reason);
    };
    result.then(
      () => {},
      () => {
        if (signal?.aborted) leave();
      },
    );
    return { result, leader };
  }

  get size(): number {
    return this.#flights.size;
  }
}
