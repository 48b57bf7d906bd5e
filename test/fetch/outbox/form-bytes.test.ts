// The multipart/form-data encoding the outbox makes itself when the engine cannot read a FormData
// body back (WebKit with a File in it, src/fetch/outbox/form-bytes.ts): another parser (undici's)
// reads the same entries back, files byte for byte with their names and types.
import { describe, expect, it } from 'vitest';
import { formBytes } from '../../../src/fetch/outbox/form-bytes';

describe('formBytes', () => {
  it('encodes strings and files so that a multipart parser reads the same entries', async () => {
    const file = new Uint8Array(5000).map((_, i) => (i * 7) % 256);
    const form = new FormData();
    form.append('title', 'line one\nline two');
    form.append('file', new File([file], 'photo "1".bin', { type: 'image/x-test' }));
    form.append('untyped', new Blob([new Uint8Array([1, 2, 3])]));
    form.append('title', 'again');
    const { bytes, type } = await formBytes(form);
    expect(type).toMatch(
      /^multipart\/form-data; boundary=----CachedFetchFormBoundary[0-9a-z]{16,}$/,
    );
    const parsed = await new Response(bytes, { headers: { 'content-type': type } }).formData();
    expect(parsed.getAll('title')).toEqual(['line one\r\nline two', 'again']);
    const back = parsed.get('file') as File;
    expect(back.name).toBe('photo %221%22.bin');
    expect(back.type).toBe('image/x-test');
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(file);
    const untyped = parsed.get('untyped') as File;
    expect(untyped.name).toBe('blob');
    expect(untyped.type).toBe('application/octet-stream');
    expect(new Uint8Array(await untyped.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });
});
