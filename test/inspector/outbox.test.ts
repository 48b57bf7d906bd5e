// The inspector's queued writes (issue 22): pending and failed writes of `cache.outbox`, with the
// buttons that retry a failed one and discard one; nothing of it without the option.
import { afterEach, describe, expect, it } from 'vitest';
import { mountInspector } from '../../src/inspector/index';
import { down, makeCachedFetch, ORIGIN, useMockOrigin } from '../fetch/outbox/support';

const origin = useMockOrigin();

afterEach(() => {
  document.body.replaceChildren();
});

function mounted(cf: ReturnType<typeof makeCachedFetch>) {
  const element = document.createElement('div');
  document.body.append(element);
  const inspector = mountInspector(cf.cache, element, { refreshMs: 0 });
  const root = element.firstElementChild!.shadowRoot!;
  const rows = () =>
    [...root.querySelectorAll('[data-testid="cfi-write"]')].map((row) => ({
      url: row.querySelector('.url')!.textContent,
      state: row.getAttribute('data-state'),
      buttons: [...row.querySelectorAll('button')].map((b) => b.textContent),
    }));
  const button = (url: string, testId: string) =>
    [...root.querySelectorAll('[data-testid="cfi-write"]')]
      .find((row) => row.querySelector('.url')!.textContent === url)!
      .querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)!;
  return { inspector, root, rows, button };
}

describe('inspector: queued writes', () => {
  it('lists pending and failed writes; Retry sends a failed one, Discard drops one', async () => {
    // A write the origin refuses for good (400 on replay), then one made while it is down.
    origin.reply('/bad', { status: 503 }, { status: 400 }, { status: 201 });
    origin.reply('/later', down);
    const cf = makeCachedFetch({ outbox: true });
    await cf(`${ORIGIN}/bad`, { method: 'POST', body: 'x' });
    await cf.cache.outbox!.flush();
    await cf(`${ORIGIN}/later`, { method: 'PUT', body: 'y' });
    await cf.cache.settled();

    const view = mounted(cf);
    await view.inspector.refresh();
    expect(view.root.querySelector('[data-testid="cfi-outbox-summary"]')!.textContent).toBe(
      '1 pending, 1 failed',
    );
    expect(view.rows()).toEqual([
      { url: `POST ${ORIGIN}/bad`, state: 'failed', buttons: ['Retry', 'Discard'] },
      { url: `PUT ${ORIGIN}/later`, state: 'pending', buttons: ['Discard'] },
    ]);

    // Discard fires no event: the view reads the outbox again itself.
    view.button(`PUT ${ORIGIN}/later`, 'cfi-write-discard').click();
    await expect.poll(() => view.rows().map((row) => row.url)).toEqual([`POST ${ORIGIN}/bad`]);

    // Retry sends it again (the origin now takes it): it leaves the list.
    view.button(`POST ${ORIGIN}/bad`, 'cfi-write-retry').click();
    await expect.poll(() => view.rows()).toEqual([]);
    await cf.cache.settled();
    expect(origin.seen('/bad').map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
    expect(origin.seen('/later')).toHaveLength(1);
    view.inspector.unmount();
  });

  it('shows no queued writes without the outbox option', async () => {
    const view = mounted(makeCachedFetch());
    await view.inspector.refresh();
    expect(view.root.querySelector('[data-testid="cfi-outbox"]')).toBeNull();
    view.inspector.unmount();
  });
});
