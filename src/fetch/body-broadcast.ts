// One network body, read once, streamed to every caller that shares it, and kept for storage.
// The stored copy is handed out only when the body arrived completely (never a truncated one).
import { abortReason } from './abort';

type Controller = ReadableStreamDefaultController<Uint8Array>;

/** A body that cannot be replayed to a subscriber that came late (it grew past the size limit). */
export class ReplayUnavailable extends Error {}

export class BodyBroadcast {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  readonly #onAbandoned: () => void;
  readonly #maxBytes: number;
  readonly #expectedLength: number | undefined;
  readonly #subscribers = new Set<Controller>();
  #parts: Uint8Array[] | undefined = [];
  /** The whole body once it arrived intact: what late subscribers replay. */
  #whole: ArrayBuffer | undefined;
  #received = 0;
  #emitted = false;
  #state: 'reading' | 'done' | 'failed' = 'reading';
  #error: unknown;
  #resolveComplete!: (body: ArrayBuffer | null) => void;

  /** Resolves to the whole body once it arrived intact, or null when it failed, was cut or too big. */
  readonly complete: Promise<ArrayBuffer | null>;

  /**
   * @param expectedLength Content-Length when the body is not content-coded: a body of another
   *   length is truncated or corrupt and is not stored.
   * @param maxBytes Past this many bytes the stored copy is dropped (callers still get the stream).
   * @param onAbandoned Called when every subscriber went away before the end: stop the network.
   */
  constructor(
    source: ReadableStream<Uint8Array> | null,
    options: { expectedLength?: number; maxBytes?: number; onAbandoned: () => void },
  ) {
    this.complete = new Promise((resolve) => {
      this.#resolveComplete = resolve;
    });
    this.#expectedLength = options.expectedLength;
    this.#maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    this.#onAbandoned = options.onAbandoned;
    if (source === null) {
      this.#state = 'done';
      this.#whole = new ArrayBuffer(0);
      this.#resolveComplete(this.#whole);
      return;
    }
    this.#reader = source.getReader();
    void this.#pump();
  }

  async #pump(): Promise<void> {
    const reader = this.#reader!;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.#received += value.byteLength;
        if (this.#parts) {
          if (this.#received > this.#maxBytes) this.#parts = undefined;
          // A copy: a subscriber may transfer or mutate the chunk it was given.
          else this.#parts.push(value.slice());
        }
        this.#emitted = true;
        for (const controller of this.#subscribers) controller.enqueue(value.slice());
      }
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#state = 'done';
    for (const controller of this.#subscribers) controller.close();
    this.#subscribers.clear();
    const intact = this.#expectedLength === undefined || this.#expectedLength === this.#received;
    this.#whole = this.#parts && intact ? concat(this.#parts, this.#received) : undefined;
    this.#parts = this.#whole ? [new Uint8Array(this.#whole)] : undefined;
    this.#resolveComplete(this.#whole ?? null);
  }

  #fail(error: unknown): void {
    if (this.#state !== 'reading') return;
    this.#state = 'failed';
    this.#error = error;
    this.#parts = undefined;
    for (const controller of this.#subscribers) controller.error(error);
    this.#subscribers.clear();
    this.#resolveComplete(null);
  }

  /**
   * A new stream of the whole body for one caller. Aborting `signal` errors this stream only;
   * when the last subscriber leaves before the end, the source is cancelled.
   */
  subscribe(signal?: AbortSignal | null): ReadableStream<Uint8Array> {
    if ((this.#emitted || this.#state === 'failed') && !this.#parts) throw new ReplayUnavailable();
    let self: Controller;
    const leave = () => {
      this.#subscribers.delete(self);
      if (this.#subscribers.size === 0 && this.#state === 'reading') {
        this.#state = 'failed';
        this.#parts = undefined;
        this.#resolveComplete(null);
        this.#reader?.cancel().catch(() => {});
        this.#onAbandoned();
      }
    };
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        self = controller;
        for (const part of this.#parts ?? []) controller.enqueue(part.slice());
        if (this.#state === 'done') return controller.close();
        if (this.#state === 'failed') return controller.error(this.#error);
        this.#subscribers.add(controller);
        signal?.addEventListener(
          'abort',
          () => {
            if (!this.#subscribers.has(controller)) return;
            controller.error(abortReason(signal));
            leave();
          },
          { once: true },
        );
      },
      cancel: () => leave(),
    });
  }
}

function concat(parts: Uint8Array[], length: number): ArrayBuffer {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out.buffer;
}
