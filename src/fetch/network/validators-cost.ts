// Fetch's CORS rules that decide whether adding validators would cost a preflight (docs/pitfalls.md
// #2, #3). Apart from ./cross-origin: only a revalidation and a Range request (the revalidate chunk)
// add validators, so a page's first request never loads these rules (decision 0008).
import type { HeaderList } from '../../policy/snapshot';
import { isCrossOrigin } from './cross-origin';

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
