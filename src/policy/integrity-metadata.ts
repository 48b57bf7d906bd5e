// Subresource Integrity metadata (W3C SRI §3.3), parsed as the three engines' fetch parses it:
// which digests a response's bytes must match. Hashing is ../fetch/integrity's (Web Crypto).

/** The hash functions fetch knows, weakest first (SRI §3.2), with their Web Crypto names. */
const algorithms = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' } as const;
type Algorithm = keyof typeof algorithms;

// SRI §3.3.3: `alg-value` with an optional `?options`. The value is base64 or base64url, padded
// or not (Chromium, Firefox and WebKit accept all four; verified in
// test/browser/fetch-request-options.test.ts); the algorithm name is case-insensitive.
const token = /^(sha256|sha384|sha512)-([A-Za-z0-9+/_-]+={0,2})(?:\?.*)?$/i;

/** What a response's bytes must match: one of `digests` under `algorithm`. */
export interface IntegrityRequirement {
  /** Web Crypto name of the strongest algorithm the metadata names. */
  algorithm: (typeof algorithms)[Algorithm];
  /** Expected digests, normalised by `normaliseDigest`. */
  digests: string[];
}

/**
 * SRI §3.3.3 and §3.3.5: the strongest algorithm's digests, or undefined when the metadata names
 * no valid one (unknown algorithms, malformed tokens): then any bytes match, as fetch lets them.
 */
export function integrityRequirement(metadata: string): IntegrityRequirement | undefined {
  let strongest: Algorithm | undefined;
  let digests: string[] = [];
  for (const item of metadata.split(/[\t\n\f\r ]+/)) {
    const match = token.exec(item);
    if (!match) continue;
    const algorithm = (match[1] as string).toLowerCase() as Algorithm;
    const digest = normaliseDigest(match[2] as string);
    if (strongest === undefined || algorithm > strongest) {
      // 'sha256' < 'sha384' < 'sha512' as strings, as in strength.
      strongest = algorithm;
      digests = [digest];
    } else if (algorithm === strongest) digests.push(digest);
  }
  return strongest === undefined ? undefined : { algorithm: algorithms[strongest], digests };
}

/** One spelling for a digest written in base64 or base64url, padded or not. */
export function normaliseDigest(base64: string): string {
  return base64.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
}
