// The inspector's live log (issue 26, finding 7): the last events of the cache it shows, newest
// first, as they happen, for a screen reader too.
import { afterEach, describe, expect, it } from 'vitest';
import { mountInspector } from '../../src/inspector/index';
import { makeCachedFetch, ORIGIN, useMockOrigin } from '../fetch/support';

const origin = useMockOrigin();

afterEach(() => {
  document.body.replaceChildren();
});

function logLines(element: HTMLElement): string[] {
  const log = element.firstElementChild!.shadowRoot!.querySelector('[data-testid="cfi-log"]');
  expect(log?.getAttribute('aria-live')).toBe('polite');
  return [...log!.querySelectorAll('li')].map((line) =>
    line.textContent!.slice(line.querySelector('time')!.textContent!.length).trim(),
  );
}

describe('the inspector’s event log', () => {
  it('shows the last events newest first: a miss, what was stored, a hit', async () => {
    origin.reply('/logged', { headers: { 'cache-control': 'max-age=60' }, body: 'abc' });
    const cf = makeCachedFetch();
    const element = document.createElement('div');
    document.body.append(element);
    const inspector = mountInspector(cf.cache, element, { refreshMs: 0 });
    await (await cf(`${ORIGIN}/logged`)).text();
    await cf.cache.settled();
    await (await cf(`${ORIGIN}/logged`)).text();
    expect(logLines(element)).toEqual([
      `hit ${ORIGIN}/logged`,
      `stored ${ORIGIN}/logged (3 B)`,
      `miss ${ORIGIN}/logged (uri-miss)`,
    ]);
    inspector.unmount();
  });

  it('keeps the last 20 only', async () => {
    origin.reply('/many', { headers: { 'cache-control': 'no-store' }, body: 'x' });
    const cf = makeCachedFetch();
    const element = document.createElement('div');
    document.body.append(element);
    const inspector = mountInspector(cf.cache, element, { refreshMs: 0 });
    for (let i = 0; i < 25; i++) await (await cf(`${ORIGIN}/many?${i}`)).text();
    const lines = logLines(element);
    expect(lines).toHaveLength(20);
    expect(lines[0]).toBe(`miss ${ORIGIN}/many?24 (uri-miss)`);
    inspector.unmount();
  });
});
