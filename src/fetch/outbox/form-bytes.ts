// A FormData's multipart/form-data bytes, made here (the HTML standard's multipart/form-data
// encoding algorithm, RFC 7578) when the engine cannot read them back: WebKit sends a FormData
// that holds a File or Blob, but rejects every read of such a body (`request.arrayBuffer()`,
// `new Response(form).blob()`...) with "InvalidStateError: Unable to read form data blob", so the
// outbox could neither keep the write nor send it. The write is then sent with these bytes and
// their boundary, first attempt and replays alike.
/** `form` as a multipart/form-data body, and the Content-Type naming its boundary. */
export async function formBytes(form: FormData): Promise<{ bytes: ArrayBuffer; type: string }> {
  const boundary = `----CachedFetchFormBoundary${random()}${random()}`;
  // A Blob of strings (UTF-8) and the files themselves: reading a Blob works where the FormData
  // body's read did not.
  const parts: BlobPart[] = [];
  for (const [name, value] of form) {
    const file = typeof value === 'string' ? undefined : value;
    const about = file
      ? `; filename="${escaped(file.name)}"\r\nContent-Type: ${file.type || 'application/octet-stream'}`
      : '';
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="${escaped(crlf(name))}"${about}\r\n\r\n`,
      file ?? crlf(value as string),
      '\r\n',
    );
  }
  parts.push(`--${boundary}--\r\n`);
  const bytes = await new Blob(parts).arrayBuffer();
  return { bytes, type: `multipart/form-data; boundary=${boundary}` };
}

const random = () => Math.random().toString(36).slice(2);

/** Line breaks as CRLF, as the encoding asks of names and string values. */
const crlf = (text: string) => text.replace(/\r\n|\r|\n/g, '\r\n');

/** A name or filename inside its quotes: LF, CR and `"` percent-encoded, as browsers do. */
const escaped = (text: string) =>
  text.replaceAll('\n', '%0A').replaceAll('\r', '%0D').replaceAll('"', '%22');
