// A write as the outbox keeps it: its Idempotency-Key set before the first attempt, its body read
// into bytes (from a clone, before it is sent), and the Request rebuilt from those bytes to replay.
import { formBytes } from './form-bytes';
import type { OutboxRecord } from './outbox-store';

/** What the first attempt sends, and the record to queue should it not reach the origin. */
export interface CapturedWrite {
  /** The caller's request with its Idempotency-Key, under `signal`. */
  outgoing: Request;
  /** Undefined when the body cannot be kept (a ReadableStream): the write then cannot be queued. */
  record: OutboxRecord | undefined;
}

/** A random UUID, also where crypto.randomUUID is missing (an insecure context). */
export function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // RFC 9562 §5.4: version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // and the variant
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Gives `request` its Idempotency-Key (the caller's, or a new UUID: draft-ietf-httpapi-idempotency-key-header,
 * the same on every attempt) and reads its body into bytes from a clone, so that what a replay
 * sends is byte for byte what the first attempt sent, multipart boundary and all (the Content-Type
 * header fetch derived from a FormData, URLSearchParams or Blob is kept with the headers). A body
 * the caller gave (`given`) as a ReadableStream is not read (it may be endless, or meant to stream): such a
 * write goes out as it is, and is not queued.
 */
export async function captureWrite(
  request: Request,
  given: unknown,
  partition: string,
  now: number,
  signal: AbortSignal,
): Promise<CapturedWrite> {
  const streamed = given instanceof ReadableStream;
  const headers = new Headers(request.headers);
  const idempotencyKey = headers.get('idempotency-key') ?? randomId();
  headers.set('idempotency-key', idempotencyKey);
  let body: ArrayBuffer | null = null;
  let outgoing: Request;
  try {
    body = streamed ? null : await bodyBytes(request);
    outgoing = new Request(request, { headers, signal });
  } catch (error) {
    // WebKit cannot read back a FormData that holds a file (./form-bytes): encoded here instead.
    if (!(given instanceof FormData)) throw error;
    const form = await formBytes(given);
    body = form.bytes;
    headers.set('content-type', form.type);
    outgoing = new Request(request, { headers, body, signal });
  }
  if (streamed) return { outgoing, record: undefined };
  return {
    outgoing,
    record: {
      id: randomId(),
      state: 'pending',
      method: request.method,
      url: request.url,
      headers: [...headers],
      body,
      credentials: request.credentials,
      redirect: request.redirect,
      // A page's navigate mode cannot be made by script: a replay of one is a plain same-origin one.
      mode: request.mode === 'navigate' ? 'same-origin' : request.mode,
      integrity: request.integrity,
      referrerPolicy: request.referrerPolicy,
      partition,
      idempotencyKey,
      queuedAt: now,
      since: now,
      attempts: 0,
      inFlight: false,
      bytes: body?.byteLength ?? 0,
    },
  };
}

/**
 * The request's body as bytes, null when it has none. Not decided by `request.body`: Firefox has
 * no `Request.prototype.body` (undefined for every request), and replays went out without their
 * bodies there. Without it, an empty body is taken for none (fetch sends a POST's Content-Length:
 * 0 either way).
 */
async function bodyBytes(request: Request): Promise<ArrayBuffer | null> {
  if (request.body === null) return null;
  const bytes = await request.clone().arrayBuffer();
  return bytes.byteLength > 0 || request.body ? bytes : null;
}

/** The Request a replay sends: the stored method, URL, header fields, body bytes, credentials and options. */
export function replayRequest(record: OutboxRecord): Request {
  return new Request(record.url, {
    method: record.method,
    headers: record.headers,
    body: record.body,
    credentials: record.credentials,
    // The caller's own options (decision 0020), as the first attempt had them.
    ...(record.redirect ? { redirect: record.redirect } : {}),
    ...(record.mode ? { mode: record.mode } : {}),
    ...(record.integrity ? { integrity: record.integrity } : {}),
    ...(record.referrerPolicy ? { referrerPolicy: record.referrerPolicy } : {}),
    // We are the cache (decision 0002): the browser's HTTP cache neither answers nor keeps it.
    cache: 'no-store',
  });
}

/** The queue a write belongs to: writes of one partition to one origin go out in order. */
export function queueOf(record: Pick<OutboxRecord, 'partition' | 'url'>): string {
  return JSON.stringify([record.partition, new URL(record.url).origin]);
}
