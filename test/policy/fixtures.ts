// Builders for the plain snapshots policy decides on, with a fixed clock.
import type {
  HeaderList,
  RequestSnapshot,
  ResponseSnapshot,
  StoredResponse,
} from '../../src/policy/snapshot';
import { toStoredResponse } from '../../src/policy/stored-response';

/** The fixed clock every policy test starts from: 2024-01-01T00:00:00Z. */
export const T0 = Date.UTC(2024, 0, 1);
export const SEC = 1000;

/** An IMF-fixdate (RFC 9110 §5.6.7) for an epoch ms. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

type Headers = HeaderList | Record<string, string>;

function list(headers: Headers): HeaderList {
  return Array.isArray(headers) ? headers : Object.entries(headers);
}

export function req(
  headers: Headers = {},
  overrides: Partial<Omit<RequestSnapshot, 'headers'>> = {},
): RequestSnapshot {
  return {
    method: 'GET',
    url: 'https://example.com/a',
    mode: 'default',
    ...overrides,
    headers: list(headers),
  };
}

/** A response received at T0 (request sent at T0 too) unless told otherwise. */
export function res(
  headers: Headers = {},
  overrides: Partial<Omit<ResponseSnapshot, 'headers'>> = {},
): ResponseSnapshot {
  return { status: 200, requestTime: T0, responseTime: T0, ...overrides, headers: list(headers) };
}

/** A stored response built the way the front builds it. */
export function stored(
  headers: Headers = {},
  overrides: Partial<Omit<ResponseSnapshot, 'headers'>> = {},
  request: RequestSnapshot = req(),
): StoredResponse {
  return toStoredResponse({
    request,
    response: res(headers, overrides),
    statusText: 'OK',
    url: request.url,
    redirected: false,
    varyReadable: true,
  });
}
