// Whether a request goes to another origin than the page's (Fetch's CORS applies to it). What
// validators would cost there is ./validators-cost's, which only revalidation and Range load.

/** The page's origin, or undefined outside a browsing context (Node: there is no CORS). */
export function pageOrigin(): string | undefined {
  const location = (globalThis as { location?: { origin?: string } }).location;
  const origin = location?.origin;
  return origin && origin !== 'null' ? origin : undefined;
}

export function isCrossOrigin(url: string): boolean {
  const page = pageOrigin();
  return page !== undefined && new URL(url).origin !== page;
}
