import { describe, expect, it } from 'vitest';
import * as policy from '../../src/policy/index';

describe('the policy public surface (what the front wires)', () => {
  it('exports the functions the front wires', () => {
    expect(Object.keys(policy).sort()).toEqual(
      [
        'ageHeaderValue',
        'classifyRequest',
        'conditionalHeaders',
        'currentAgeMs',
        'decideReuse',
        'deltaSeconds',
        'describeFreshness',
        'firstHeaderValue',
        'formatCacheStatus',
        'freshenedResponse',
        'headUpdate',
        'headerValue',
        'hopByHopNames',
        'invalidationTargets',
        'isFresh',
        'isUnsafeMethod',
        'matchingVariants',
        'mostRecent',
        'offlineAllows',
        'parseCacheControl',
        'parseHttpDate',
        'primaryKey',
        'secondaryKey',
        'selectForFreshening',
        'selectVariant',
        'stalenessMs',
        'staleIfErrorAllows',
        'storability',
        'storedHeaders',
        'toStoredResponse',
        'ttlSec',
        'varyRule',
        'withoutFragment',
      ].sort(),
    );
    for (const value of Object.values(policy)) expect(typeof value).toBe('function');
  });
});
