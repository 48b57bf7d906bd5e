// A response nobody will read, let go of quietly: a body read to its end finishes as a normal
// request in DevTools, where a cancelled one shows as failed (net::ERR_ABORTED) with a console
// error, though the app got its data. Part of the revalidation path, loaded with it.

/** Past this many bytes a discarded body is cancelled rather than downloaded for nothing. */
export const DRAIN_LIMIT_BYTES = 64 * 1024;

/**
 * Reads `response`'s body to its end and drops it, or cancels it once it has brought more than
 * `limit` bytes (or announces more in Content-Length). Never rejects; not meant to be awaited.
 */
export async function drain(response: Response, limit = DRAIN_LIMIT_BYTES): Promise<void> {
  const body = response.body;
  if (!body) return;
  try {
    const announced = Number(response.headers.get('content-length'));
    if (announced > limit) return void (await body.cancel());
    const reader = body.getReader();
    let read = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
      if (read > limit) return void (await reader.cancel());
    }
  } catch {
    // A body that fails while being discarded concerns nobody.
  }
}
