// The hang of the quota story in real Chromium (decision 0026, "The hang"): a caller reading a miss's
// body with `response.text()` is read by the browser, and between two reads nothing but the
// broadcast reached that reader. Held there only weakly, it was collected mid-body, the broadcast
// forgot it, and `text()` never settled. Here the collection is injected: FinalizationRegistry is
// replaced before the module loads, so the test decides when a stream "is garbage".
import { afterEach, describe, expect, it, vi } from 'vitest';

type Cleanup = (held: unknown) => void;

/** A FinalizationRegistry whose targets the test collects by hand. */
class InjectedRegistry {
  static all: InjectedRegistry[] = [];
  readonly cells = new Map<object, { target: object; held: unknown }>();
  constructor(readonly cleanup: Cleanup) {
    InjectedRegistry.all.push(this);
  }
  register(target: object, held: unknown, token?: object): void {
    this.cells.set(token ?? {}, { target, held });
  }
  unregister(token: object): boolean {
    return this.cells.delete(token);
  }
  /** What a garbage collection does once `target` is unreachable from script. */
  collect(target: object): void {
    for (const [token, cell] of this.cells) {
      if (cell.target !== target) continue;
      this.cells.delete(token);
      this.cleanup(cell.held);
    }
  }
}

async function loadBroadcast() {
  vi.resetModules();
  vi.stubGlobal('FinalizationRegistry', InjectedRegistry);
  return (await import('../../src/fetch/response/body-broadcast')).BodyBroadcast;
}

/** A network body the test feeds chunk by chunk. */
function network() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
  return {
    stream,
    send: (text: string) => controller.enqueue(new TextEncoder().encode(text)),
    end: () => controller.close(),
  };
}

/** Rejects if `promise` has not settled after `ms` of real time. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('never settled')), ms)),
  ]);
}

afterEach(() => {
  vi.unstubAllGlobals();
  InjectedRegistry.all = [];
});

describe('BodyBroadcast: a caller who reads is never dropped by a collection', () => {
  it('the body reaches its end after the reader was collected between two reads', async () => {
    const BodyBroadcast = await loadBroadcast();
    const net = network();
    const broadcast = new BodyBroadcast(net.stream, { onAbandoned: () => {} });
    const body = broadcast.subscribe();
    const reader = body.getReader();
    net.send('first ');
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first ');
    // Chromium: the browser's reader of `text()` between two reads, reached by nothing else.
    for (const registry of InjectedRegistry.all) registry.collect(body);
    net.send('second');
    net.end();
    const rest = await within(reader.read(), 1000);
    expect(new TextDecoder().decode(rest.value)).toBe('second');
    expect((await within(reader.read(), 1000)).done).toBe(true);
    expect(new TextDecoder().decode((await broadcast.complete)!)).toBe('first second');
  });

  it('a caller who never read is still released when collected (decision 0021)', async () => {
    const BodyBroadcast = await loadBroadcast();
    const net = network();
    let abandoned = false;
    const broadcast = new BodyBroadcast(net.stream, {
      maxBytes: 4,
      onAbandoned: () => {
        abandoned = true;
      },
    });
    const body = broadcast.subscribe();
    net.send('too large to store');
    await broadcast.complete;
    for (const registry of InjectedRegistry.all) registry.collect(body);
    expect(abandoned).toBe(true);
  });
});
