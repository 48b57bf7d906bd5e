// cachedFetch has the type and behaviour of fetch: inputs, Response shape, rejections.
import { describe, expect, it } from 'vitest';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();

describe('drop-in fetch behaviour', () => {
  it('accepts a string, a URL, a Request, and init overriding a Request', async () => {
    origin.reply('/echo', (request) => ({
      body: `${request.method} ${request.headers.get('x-a') ?? ''}`,
      headers: { 'cache-control': 'no-store' },
    }));
    const cf = makeCachedFetch();
    expect(await (await cf(`${ORIGIN}/echo`)).text()).toBe('GET ');
    expect(await (await cf(new URL(`${ORIGIN}/echo`))).text()).toBe('GET ');
    expect(
      await (await cf(new Request(`${ORIGIN}/echo`, { headers: { 'x-a': '1' } }))).text(),
    ).toBe('GET 1');
    const overridden = await cf(new Request(`${ORIGIN}/echo`, { headers: { 'x-a': '1' } }), {
      headers: { 'x-a': '2' },
    });
    expect(await overridden.text()).toBe('GET 2');
    expect(origin.seen('/echo')).toHaveLength(4);
  });

  it('a hit is a real Response: status, statusText, headers, stream body, clone(), url', async () => {
    origin.reply('/r', {
      status: 203,
      headers: { 'cache-control': 'max-age=60', 'content-type': 'text/plain' },
      body: 'body',
    });
    const cf = makeCachedFetch();
    const miss = await cf(`${ORIGIN}/r`);
    await miss.text();
    await cf.cache.settled();
    const hit = await cf(`${ORIGIN}/r`);
    expect(hit).toBeInstanceOf(Response);
    expect(hit.status).toBe(203);
    expect(hit.statusText).toBe(miss.statusText);
    expect(hit.headers.get('content-type')).toBe('text/plain');
    expect(hit.url).toBe(`${ORIGIN}/r`);
    expect(hit.redirected).toBe(false);
    const copy = hit.clone();
    expect(copy.url).toBe(`${ORIGIN}/r`);
    const reader = hit.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe('body');
    expect(await copy.text()).toBe('body');
    expect(origin.seen('/r')).toHaveLength(1);
  });

  it('rejects with the network TypeError, as fetch does', async () => {
    origin.reply('/down', { networkError: true });
    const cf = makeCachedFetch();
    await expect(cf(`${ORIGIN}/down`)).rejects.toBeInstanceOf(TypeError);
  });

  it('rejects with the abort reason when the signal is already aborted, without touching the network', async () => {
    origin.reply('/slow', { body: 'x' });
    const cf = makeCachedFetch();
    const controller = new AbortController();
    controller.abort();
    await expect(cf(`${ORIGIN}/slow`, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await cf.cache.settled();
    expect(origin.seen('/slow')).toHaveLength(0);
  });

  it('rejects with AbortError when aborted while waiting for the origin', async () => {
    origin.reply('/hang', () => new Promise<never>(() => {}));
    const cf = makeCachedFetch();
    const controller = new AbortController();
    const pending = cf(`${ORIGIN}/hang`, { signal: controller.signal });
    await origin.arrived('/hang');
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('returns non-2xx statuses as responses, never as errors', async () => {
    origin.reply('/missing', {
      status: 404,
      body: 'nope',
      headers: { 'cache-control': 'no-store' },
    });
    const cf = makeCachedFetch();
    const res = await cf(`${ORIGIN}/missing`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('nope');
  });

  it('rejects an invalid URL with the error the platform Request gives (fetch does the same)', async () => {
    const cf = makeCachedFetch();
    let platformError: unknown;
    try {
      new Request('http://');
    } catch (error) {
      platformError = error;
    }
    expect(platformError).toBeDefined();
    await expect(cf('http://')).rejects.toMatchObject({ name: (platformError as Error).name });
  });
});
