// A slow origin for abort tests: the real network fetch, whose body stops after the first bytes
// until the test opens the gate, so "the caller aborted mid-body" is certain, not a race.

export interface GatedFetch {
  fetch: typeof fetch;
  /** Lets the rest of every body through. */
  open(): void;
}

/** The real `fetch`, with each response body held after `firstBytes` until `open()`. */
export function gatedFetch(firstBytes: number): GatedFetch {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const gated: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (response.body === null) return response;
    const reader = response.body.getReader();
    let passed = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (passed >= firstBytes) await opened;
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        passed += value.byteLength;
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return { fetch: gated, open };
}
