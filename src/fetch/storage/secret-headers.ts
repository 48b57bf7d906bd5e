// Credential header values never reach storage (decision 0018): before a cacheable request is
// looked up, the values of its secret fields (Authorization, Proxy-Authorization, Cookie and the
// `secretHeaders` option's) are replaced in its snapshot by keyed hashes, so that secondary keys,
// entries, `entries()` and the inspector only ever hold hashes. Loaded with the store (it needs
// its key): a request without such a field never comes here (./store-access `secure`).
import type { HeaderList, RequestSnapshot } from '../../policy/snapshot';

/** What marks a hashed value: HMAC-SHA-256, truncated to 128 bits, base64url. */
export const HASHED_PREFIX = 'hmac:';

/** Hashes kept in memory, per value: a repeated hit does not hash again. */
const MEMO_SIZE = 64;

export class SecretHeaders {
  readonly #names: ReadonlySet<string>;
  readonly #rawKey: () => Promise<ArrayBuffer>;
  #key: Promise<CryptoKey> | undefined;
  /** `name:value` → its hash, oldest first (bounded: the oldest goes). */
  readonly #memo = new Map<string, string>();

  /** `rawKey`: the store's hash key (./store-access), asked for once. */
  constructor(names: ReadonlySet<string>, rawKey: () => Promise<ArrayBuffer>) {
    this.#names = names;
    this.#rawKey = rawKey;
  }

  /**
   * The snapshot with every secret value replaced by its keyed hash, and `credentials` the
   * hashes of all of them (what a stored response is reused for, policy's credentials module).
   * Rejects when there is no key or no crypto.subtle (an insecure context): the caller must
   * then neither read nor write storage for this request.
   */
  async protect(snapshot: RequestSnapshot): Promise<RequestSnapshot> {
    const headers: HeaderList = await Promise.all(
      snapshot.headers.map(
        async ([name, value]): Promise<[string, string]> =>
          this.#names.has(name) ? [name, await this.#hash(name, value)] : [name, value],
      ),
    );
    const secrets = headers.filter(([name]) => this.#names.has(name)).sort();
    return { ...snapshot, headers, credentials: JSON.stringify(secrets) };
  }

  async #hash(name: string, value: string): Promise<string> {
    const input = `${name}:${value}`;
    const known = this.#memo.get(input);
    if (known !== undefined) return known;
    this.#key ??= this.#importKey();
    const key = await this.#key;
    const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input));
    const hash = HASHED_PREFIX + base64url(new Uint8Array(mac, 0, 16));
    this.#memo.set(input, hash);
    if (this.#memo.size > MEMO_SIZE) this.#memo.delete(this.#memo.keys().next().value as string);
    return hash;
  }

  #importKey(): Promise<CryptoKey> {
    const key = (async () => {
      const raw = await this.#rawKey();
      return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
      ]);
    })();
    // A failed read (storage down for now) is asked again by the next request.
    key.catch(() => {
      if (this.#key === key) this.#key = undefined;
    });
    return key;
  }
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
