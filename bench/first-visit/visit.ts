// What both first-visit pages (./page.ts, ./plain.ts) do: note when the data request leaves, read
// the data, and put the figures where the bench reads them.
declare global {
  interface Window {
    visitResult?: { ranMs: number; leftMs: number; dataMs: number } | { error: string };
  }
}

/** When the page's module ran: its JavaScript was in (the library's modules evaluated before it). */
const ranMs = performance.now();
let leftMs: number | undefined;

/** Wraps fetch to note, from the navigation's start, when the first request for data leaves. */
export function timedFetch(): void {
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (leftMs === undefined && url.includes('/data/')) leftMs = performance.now();
    return original(input, init);
  };
}

export async function visit(read: (url: string) => Promise<Response>): Promise<void> {
  try {
    const body = await (await read('/data/0')).text();
    const dataMs = performance.now();
    if (!body.includes('"items"')) throw new Error('not the data');
    if (leftMs === undefined) throw new Error('no request left');
    window.visitResult = { ranMs, leftMs, dataMs };
  } catch (error) {
    window.visitResult = { error: String(error) };
  }
}
