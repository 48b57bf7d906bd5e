// How a caller consumes a response in the bench: fully, or timing the first chunk then draining.
import { expectBytes } from './sampler.ts';

export async function readFully(res: Response, bytes: number, what: string): Promise<void> {
  if (!res.ok) throw new Error(`${what}: status ${res.status}`);
  expectBytes(await res.arrayBuffer(), bytes, what);
}

/** Ms from `start` until the caller holds the first body chunk; then reads the rest. */
export async function firstByteThenDrain(
  res: Response,
  start: number,
  bytes: number,
  what: string,
): Promise<{ firstByte: number }> {
  if (!res.ok || !res.body) throw new Error(`${what}: status ${res.status}`);
  const reader = res.body.getReader();
  const first = await reader.read();
  const firstByte = performance.now() - start;
  let total = first.value?.byteLength ?? 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
  }
  if (total !== bytes) throw new Error(`${what}: expected ${bytes} bytes, got ${total}`);
  return { firstByte };
}
