// A large media file that the origin serves in byte ranges (RFC 9110 §14), as a video element or
// a PDF viewer asks for it: 206 with Content-Range, If-Range honoured, 416 past the end.
import type { ApiReply, ApiRequest } from './api';

export const mediaPath = '/media/intro.mp4';
/** 2 MiB: big enough that fetching it in parts matters. */
export const mediaSize = 2 * 1024 * 1024;
const etag = '"intro-v1"';
const body = 'frame-'.repeat(Math.ceil(mediaSize / 6)).slice(0, mediaSize);
const headers = {
  'content-type': 'video/mp4',
  'cache-control': 'max-age=3600',
  'accept-ranges': 'bytes',
  etag,
};

export function mediaReply(request: ApiRequest): ApiReply {
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
  const ifRange = request.headers['if-range'];
  // RFC 9110 §13.1.5: a range only while If-Range (if sent) names the current representation.
  if (!range || (ifRange !== undefined && ifRange !== etag)) {
    return { status: 200, headers, body };
  }
  const [, first = '', last = ''] = range;
  const start = first === '' ? Math.max(0, mediaSize - Number(last)) : Number(first);
  const end = first === '' || last === '' ? mediaSize - 1 : Math.min(Number(last), mediaSize - 1);
  if (start >= mediaSize) {
    return { status: 416, headers: { 'content-range': `bytes */${mediaSize}` }, body: '' };
  }
  return {
    status: 206,
    headers: { ...headers, 'content-range': `bytes ${start}-${end}/${mediaSize}` },
    body: body.slice(start, end + 1),
  };
}
