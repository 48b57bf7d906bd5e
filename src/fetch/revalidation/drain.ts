// A response nobody will read, let go of quietly: a body read to its end finishes as a normal
// request in DevTools, where a cancelled one shows as failed (net::ERR_ABORTED) with a console
// error, though the app got its data. Part of the revalidation path, loaded with it.

/**
 * Reads `response`'s body to its end and drops it, or cancels it once more than `limit` bytes
 * came (64 KiB: a gateway's error page, not a download for nothing). Never rejects; not meant to
 * be awaited.
 */
export async function drain(response: Response, limit = 65_536): Promise<void> {
  const reader = response.body?.getReader();
  try {
    for (let read = 0; reader && read <= limit; ) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader?.cancel();
  } catch {
    // A body that fails while being discarded concerns nobody.
  }
}
