// Fetch's CORS rules that decide whether adding validators would cost a preflight (docs/pitfalls.md #2, #3).
import type { HeaderList } from '../../policy/snapshot';

/** CORS-safelisted request headers (Fetch §2.2.2), ignoring their value limits for simplicity. */
const safelisted = new Set([
  'accept',
  'accept-language',
  'content-language',
  'content-type',
  'range',
]);
const simpleContentTypes = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
]);

/** True when a GET/HEAD with these headers needs a preflight anyway, so validators cost nothing more. */
export function needsPreflightAnyway(headers: HeaderList): boolean {
  return headers.some(([name, value]) => {
    if (!safelisted.has(name)) return true;
    if (name === 'content-type') {
      const essence = value.split(';')[0]?.trim().toLowerCase() ?? '';
      return !simpleContentTypes.has(essence);
    }
    return value.length > 128;
  });
}

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

/**
 * Whether validators may go on a request for `url` (a revalidation, an If-Range): same-origin, or
 * cross-origin where they cost no extra preflight (docs/pitfalls.md #2, decision 0001): the request needs
 * one anyway, or the user opted in for that origin.
 */
export function validatorsCostNothing(
  url: string,
  headers: HeaderList,
  optedIn: (origin: string) => boolean,
): boolean {
  return !isCrossOrigin(url) || needsPreflightAnyway(headers) || optedIn(new URL(url).origin);
}
