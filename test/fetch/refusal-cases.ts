// The refusals of decision 0019, shared by the msw tests (./refused-responses.test.ts) and the
// real-origin tests (../node/refused-end-to-end.test.ts). The stored response is `secret`.

export const secret = 'secret-v1';

export interface RefusalCase {
  label: string;
  status: number;
  headers: Record<string, string>;
  /** What the refused request itself gets: the refusal's body, or `secret` after a 304. */
  servedOnce: string;
}

const noStore = { 'cache-control': 'no-store' };

export const refusalCases: RefusalCase[] = [
  { label: '403 with no-store', status: 403, headers: noStore, servedOnce: 'refused' },
  { label: '401 with no-store', status: 401, headers: noStore, servedOnce: 'refused' },
  { label: '404 with no-store', status: 404, headers: noStore, servedOnce: 'refused' },
  { label: '410 with no-store', status: 410, headers: noStore, servedOnce: 'refused' },
  { label: '200 with no-store', status: 200, headers: noStore, servedOnce: 'refused' },
  {
    label: '200 with Vary: *',
    status: 200,
    headers: { 'cache-control': 'max-age=60', vary: '*' },
    servedOnce: 'refused',
  },
  // RFC 9111 §4.3.4: the 304 validates the stored response for this request: served once.
  {
    label: '304 with no-store',
    status: 304,
    headers: { ...noStore, etag: '"v1"' },
    servedOnce: secret,
  },
  {
    label: '304 with Vary: *',
    status: 304,
    headers: { vary: '*', etag: '"v1"' },
    servedOnce: secret,
  },
  // Decision 0019: access refused is revoked access, whatever the response says about caching.
  { label: '401 without no-store', status: 401, headers: {}, servedOnce: 'refused' },
  { label: '403 without no-store', status: 403, headers: {}, servedOnce: 'refused' },
];
