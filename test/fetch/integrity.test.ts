// The SRI check the cache applies where it serves (./src/fetch/integrity, decision 0020).
import { describe, expect, it } from 'vitest';
import { matchesIntegrity, withIntegrity } from '../../src/fetch/response/integrity';

const bytes = new TextEncoder().encode('checked').buffer as ArrayBuffer;

async function digest(algorithm: string, data: ArrayBuffer): Promise<string> {
  return btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest(algorithm, data))));
}

describe('integrity check', () => {
  it('matches the strongest algorithm only, any of its digests', async () => {
    const sha256 = await digest('SHA-256', bytes);
    const sha384 = await digest('SHA-384', bytes);
    expect(await matchesIntegrity(bytes, `sha256-${sha256}`)).toBe(true);
    expect(await matchesIntegrity(bytes, `sha384-AAAA sha384-${sha384}`)).toBe(true);
    expect(await matchesIntegrity(bytes, `sha256-${sha256} sha384-AAAA`)).toBe(false);
    expect(await matchesIntegrity(bytes, 'md5-AAAA')).toBe(true);
  });

  it('a match gives the response, its body unread; a mismatch rejects with a TypeError', async () => {
    const sha256 = await digest('SHA-256', bytes);
    const response = new Response(bytes, { status: 200 });
    const checked = await withIntegrity(response, `sha256-${sha256}`);
    expect(checked).toBe(response);
    expect(await checked.text()).toBe('checked');
    await expect(withIntegrity(new Response(bytes), 'sha256-AAAA')).rejects.toBeInstanceOf(
      TypeError,
    );
  });

  it('a response without a body is checked as empty, as fetch checks HEAD', async () => {
    const empty = await digest('SHA-256', new ArrayBuffer(0));
    const head = new Response(null, { status: 200 });
    expect(await withIntegrity(head, `sha256-${empty}`)).toBe(head);
    const sha256 = await digest('SHA-256', bytes);
    await expect(withIntegrity(new Response(null), `sha256-${sha256}`)).rejects.toBeInstanceOf(
      TypeError,
    );
  });
});
