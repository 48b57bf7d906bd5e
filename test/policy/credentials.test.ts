// Decision 0018 in policy: reuse only for the same credentials, Vary on a credential the script
// cannot see, and what a 304 records.
import { describe, expect, it } from 'vitest';
import { carriesSecret, sameCredentials, varyUnmatchable } from '../../src/policy/credentials';
import { withCredentialsOf } from '../../src/policy/freshen';
import { decideReuse } from '../../src/policy/reuse';
import { storability } from '../../src/policy/storability';
import { matchingVariants, secondaryKey } from '../../src/policy/vary';
import { req, res, stored, T0 } from './fixtures';

const alice = '[["authorization","hmac:a"]]';
const bob = '[["authorization","hmac:b"]]';
const fresh = { 'cache-control': 'max-age=60' };

describe('reuse only for the same credentials', () => {
  it('a fresh response fetched with credentials is revalidated for other ones, absent included', () => {
    const forAlice = stored(fresh, {}, req({ authorization: 'hmac:a' }, { credentials: alice }));
    expect(forAlice.credentials).toBe(alice);
    expect(decideReuse(forAlice, req({}, { credentials: alice }), T0).kind).toBe('fresh');
    for (const other of [bob, '', undefined]) {
      const decision = decideReuse(forAlice, req({}, { credentials: other }), T0);
      expect(decision).toEqual({ kind: 'revalidate', ageMs: 0, why: 'credentials' });
    }
  });

  it('whatever the mode: force-cache and only-if-cached do not reuse across credentials', () => {
    const anonymous = stored(fresh);
    for (const mode of ['force-cache', 'only-if-cached'] as const) {
      expect(decideReuse(anonymous, req({}, { mode, credentials: alice }), T0).kind).toBe(
        'revalidate',
      );
    }
  });

  it("a migrated entry's unknown credentials ('?') match no request", () => {
    const migrated = { ...stored(fresh), credentials: '?' };
    expect(sameCredentials(migrated, req())).toBe(false);
    expect(sameCredentials(migrated, req({}, { credentials: alice }))).toBe(false);
  });

  it('a 304 records the credentials it was validated for, and none when there were none', () => {
    const forAlice = stored(fresh, {}, req({}, { credentials: alice }));
    expect(withCredentialsOf(forAlice, req({}, { credentials: bob })).credentials).toBe(bob);
    expect(withCredentialsOf(forAlice, req())).not.toHaveProperty('credentials');
  });

  it('carriesSecret looks at names only', () => {
    const names = new Set(['authorization', 'x-api-key']);
    expect(carriesSecret([['accept', 'x']], names)).toBe(false);
    expect(carriesSecret([['x-api-key', '']], names)).toBe(true);
  });
});

describe('Vary on a credential the script cannot see', () => {
  it('Authorization and Proxy-Authorization are unmatchable when absent, Cookie always', () => {
    expect(varyUnmatchable(['authorization'], [])).toBe(true);
    expect(varyUnmatchable(['proxy-authorization'], [])).toBe(true);
    expect(varyUnmatchable(['authorization'], [['authorization', 'hmac:a']])).toBe(false);
    expect(varyUnmatchable(['cookie'], [['cookie', 'hmac:c']])).toBe(true);
    expect(varyUnmatchable(['accept'], [])).toBe(false);
  });

  it('such a response is not stored, and such a stored variant never matches', () => {
    const vary = { ...fresh, vary: 'Accept, Authorization' };
    expect(storability(req(), res(vary), 'basic')).toEqual({
      storable: false,
      reason: 'vary-credentials',
    });
    expect(storability(req({ authorization: 'hmac:a' }), res(vary), 'basic').storable).toBe(true);
    const response = stored(vary);
    const variant = { secondaryKey: secondaryKey(response.vary, []), response };
    expect(matchingVariants([variant], req())).toEqual([]);
  });
});
