// Fetch's redirect modes against stored responses (decision 0020).
import { describe, expect, it } from 'vitest';
import { answersRedirectMode, isRedirectStatus } from '../../src/policy/redirect-mode';
import { storability } from '../../src/policy/storability';
import { secondaryKey, selectVariant } from '../../src/policy/vary';
import { req, res, stored } from './fixtures';

describe('redirect modes', () => {
  it('Fetch redirect statuses are 301, 302, 303, 307 and 308 (not 300 or 304)', () => {
    expect([300, 301, 302, 303, 304, 307, 308].filter(isRedirectStatus)).toEqual([
      301, 302, 303, 307, 308,
    ]);
  });

  it('follow takes anything stored; manual and error neither a redirected response nor a 3xx', () => {
    const cases = [
      { status: 200, redirected: false },
      { status: 200, redirected: true },
      { status: 301, redirected: false },
      { status: 300, redirected: false },
    ];
    const answers = (redirect?: RequestRedirect) =>
      cases.map((response) => answersRedirectMode(response, { redirect }));
    expect(answers()).toEqual([true, true, true, true]);
    expect(answers('follow')).toEqual([true, true, true, true]);
    expect(answers('manual')).toEqual([true, false, false, true]);
    expect(answers('error')).toEqual([true, false, false, true]);
  });

  it('selectVariant leaves out what the redirect mode cannot be given', () => {
    const response = { ...stored({ 'cache-control': 'max-age=60' }), redirected: true };
    const redirected = { secondaryKey: secondaryKey(response.vary, []), response };
    expect(selectVariant([redirected], req())).toBe(redirected);
    expect(selectVariant([redirected], req({}, { redirect: 'manual' }))).toBeUndefined();
    expect(selectVariant([redirected], req({}, { redirect: 'error' }))).toBeUndefined();
  });

  it("a 3xx a 'manual' or 'error' request got is not stored; one that follow got may be", () => {
    const response = res({ 'cache-control': 'max-age=60', location: '/b' }, { status: 301 });
    expect(storability(req({}, { redirect: 'manual' }), response, 'basic')).toEqual({
      storable: false,
      reason: 'redirect-mode',
    });
    expect(storability(req({}, { redirect: 'follow' }), response, 'basic')).toEqual({
      storable: true,
    });
    const ok = res({ 'cache-control': 'max-age=60' });
    expect(storability(req({}, { redirect: 'manual' }), ok, 'basic')).toEqual({ storable: true });
  });
});
