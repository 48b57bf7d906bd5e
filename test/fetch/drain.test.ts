// drain(): a discarded body is read to its end within a bound (a quiet DevTools), cancelled past it.
import { describe, expect, it } from 'vitest';
import { drain } from '../../src/fetch/revalidation/drain';

/** A response whose body gives `chunks` chunks of `size` bytes, recording how it ended. */
function counted(chunks: number, size: number, headers: HeadersInit = {}) {
  const seen = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled === chunks) return controller.close();
      seen.pulled += 1;
      controller.enqueue(new Uint8Array(size));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { response: new Response(body, { status: 502, headers }), seen };
}

describe('drain', () => {
  it('reads a small body to its end, without cancelling it', async () => {
    const { response, seen } = counted(3, 1000);
    await drain(response, 64 * 1024);
    expect(seen).toEqual({ pulled: 3, cancelled: false });
  });

  it('cancels a body once it brought more than the limit', async () => {
    const { response, seen } = counted(1000, 1024);
    await drain(response, 4 * 1024);
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThan(10);
  });

  it('never rejects: an erroring body, or none', async () => {
    const broken = new Response(
      new ReadableStream({
        pull(controller) {
          controller.error(new Error('reset'));
        },
      }),
    );
    await expect(drain(broken)).resolves.toBeUndefined();
    await expect(drain(new Response(null, { status: 502 }))).resolves.toBeUndefined();
  });
});
