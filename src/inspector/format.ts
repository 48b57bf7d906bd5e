// How the inspector writes sizes, durations and stored bodies for people to read.

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

export function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

/** Longest preview shown; a dev tool must not hang on a 5 MB body. */
const previewChars = 4000;

const textual =
  /^(text\/|application\/(json|xml|javascript|ecmascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

/**
 * A body as text for a preview: JSON pretty-printed, other text as is (both cut at 4,000
 * characters), anything else as its length and first bytes in hex.
 */
export function previewBody(body: ArrayBuffer, contentType: string | null): string {
  const type = contentType ?? '';
  if (body.byteLength === 0) return '(empty body)';
  if (!textual.test(type)) {
    const head = [...new Uint8Array(body, 0, Math.min(body.byteLength, 32))]
      .map((byte) => byte.toString(16).padStart(2, '0'))
      .join(' ');
    return `${type || 'no content-type'}, ${formatBytes(body.byteLength)}: ${head}${body.byteLength > 32 ? ' …' : ''}`;
  }
  let text = new TextDecoder().decode(body);
  if (/json/i.test(type)) {
    try {
      text = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // Not valid JSON after all: show it as it is.
    }
  }
  return text.length > previewChars
    ? `${text.slice(0, previewChars)}\n… (${formatBytes(body.byteLength)} in all)`
    : text;
}

/** Freshness left as a share of the whole lifetime (0 when stale or never fresh). */
export function freshShare(ageSec: number, ttlSec: number): number {
  const lifetime = ageSec + ttlSec;
  if (lifetime <= 0 || ttlSec <= 0) return 0;
  return Math.min(1, ttlSec / lifetime);
}
