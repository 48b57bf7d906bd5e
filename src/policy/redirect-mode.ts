// Fetch's redirect modes (`RequestInit.redirect`) against what is stored: a stored response
// answers a request only if fetch would have given that request the same response.
import type { RequestSnapshot, StoredResponse } from './snapshot';

// Fetch: the redirect statuses, the ones `redirect` applies to.
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

export function isRedirectStatus(status: number): boolean {
  return redirectStatuses.has(status);
}

/**
 * Whether `stored` answers a request in its redirect mode as fetch would. In `follow` (the
 * default) anything stored does: it is what a followed request got. In `manual` and `error`, only
 * a response reached without a redirect that is not a redirect itself: for one reached through a
 * redirect, fetch gives `manual` an opaque-redirect response (status 0, which script cannot
 * build) and rejects `error`; for a redirect status stored without a usable Location, the engines
 * differ (Firefox rejects `error`, Chromium and WebKit give the 3xx). Such a request goes to the
 * network, which answers as the engine does (docs/decisions/0020-request-options-on-every-path.md).
 */
export function answersRedirectMode(
  stored: Pick<StoredResponse, 'status' | 'redirected'>,
  request: Pick<RequestSnapshot, 'redirect'>,
): boolean {
  return followsRedirects(request) || (!stored.redirected && !isRedirectStatus(stored.status));
}

/** Redirect mode `follow`, which every stored response answers. */
export function followsRedirects(request: Pick<RequestSnapshot, 'redirect'>): boolean {
  return request.redirect === undefined || request.redirect === 'follow';
}
