// Turns Fetch objects into the plain snapshots policy decides on.
import type { HeaderList, RequestSnapshot } from '../../policy/snapshot';

export function headerList(headers: Headers): HeaderList {
  const list: HeaderList = [];
  headers.forEach((value, name) => {
    list.push([name, value]);
  });
  return list;
}

export function snapshotRequest(request: Request, mode: RequestCache): RequestSnapshot {
  return {
    method: request.method.toUpperCase(),
    url: request.url,
    headers: headerList(request.headers),
    mode,
    redirect: request.redirect,
  };
}

/**
 * A mutable copy of `headers`. Copied field by field: `new Headers(other)` drops fields when
 * `other` comes from another realm (e.g. undici's Headers inside happy-dom).
 */
export function copyHeaders(headers: Headers): Headers {
  const copy = new Headers();
  headers.forEach((value, name) => {
    copy.append(name, value);
  });
  return copy;
}
