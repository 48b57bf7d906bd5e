// Options of createCachedFetch are checked eagerly: a bad one throws a TypeError naming it, at
// creation time, never at the first request (design.md "Errors").
import { describe, expect, it } from 'vitest';
import { type CachedFetchOptions, createCachedFetch } from '../../src/index';
import { MemoryStore } from '../../src/store/memory-store';
import { makeCachedFetch, ORIGIN, useMockOrigin } from './support';

const origin = useMockOrigin();

/** Valid, side-effect-free defaults, so that only the option under test can be wrong. */
function create(options: Record<string, unknown>) {
  return createCachedFetch({
    store: new MemoryStore(),
    crossTab: false,
    ...options,
  } as CachedFetchOptions);
}

/** The TypeError createCachedFetch throws for `options`, or undefined when it throws nothing. */
function creationError(options: Record<string, unknown>): unknown {
  try {
    create(options);
  } catch (error) {
    return error;
  }
  return undefined;
}

const invalid: Array<[name: string, value: unknown]> = [
  ['maxEntries', -1],
  ['maxEntries', 0],
  ['maxEntries', 2.5],
  ['maxEntries', '100'],
  ['maxEntries', Number.NaN],
  ['maxEntries', Number.POSITIVE_INFINITY],
  ['maxBytes', 1.5],
  ['maxBytes', -1024],
  ['maxBytes', null],
  ['maxEntryBytes', 0],
  ['maxEntryBytes', '1MB'],
  ['partition', 3],
  ['partition', { user: 'a' }],
  ['now', 'x'],
  ['now', 1_700_000_000_000],
  ['offline', 'maybe'],
  ['offline', true],
  ['store', {}],
  ['store', null],
  ['fetch', 'https://example.com'],
  ['cacheStatus', 'yes'],
  ['crossTab', 1],
  ['warnings', 'off'],
  ['revalidateCrossOrigin', ['not a url']],
  ['revalidateCrossOrigin', 'https://api.example.com'],
  ['revalidateCrossOrigin', [42]],
  ['memory', true],
  ['memory', null],
  ['memory', 'on'],
  ['memory', { maxEntries: 0 }],
  ['memory', { maxBytes: -1 }],
  ['memory', { maxEntry: 10 }],
];

describe('createCachedFetch() rejects bad options with a TypeError naming the option', () => {
  it.each(invalid)('options.%s = %o', (name, value) => {
    const error = creationError({ [name]: value });
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toContain(`options.${name}`);
  });

  it('a store missing methods is named, with what it lacks', () => {
    const { close: _close, ...partial } = Object.fromEntries(
      [
        'getVariants',
        'getBody',
        'put',
        'update',
        'touch',
        'delete',
        'clear',
        'prune',
        'stats',
        'close',
      ].map((method) => [method, async () => undefined]),
    );
    const error = creationError({ store: partial });
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toContain('options.store');
    expect((error as TypeError).message).toContain('close');
  });

  it.each(['maxEntry', 'cacheName', 'ttl'])('an unknown option (%s) is named', (name) => {
    const error = creationError({ [name]: 1 });
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toContain(name);
  });

  it('the message says what was expected and what was given', () => {
    const error = creationError({ maxEntries: -1 }) as TypeError;
    expect(error.message).toMatch(/positive integer/);
    expect(error.message).toContain('-1');
  });

  it('options that are not an object are refused', () => {
    expect(() => createCachedFetch('fast' as unknown as CachedFetchOptions)).toThrow(TypeError);
  });

  it('throws at creation: nothing is sent, no function is returned', () => {
    let created: unknown;
    expect(() => {
      created = create({ offline: 'maybe' });
    }).toThrow(TypeError);
    expect(created).toBeUndefined();
  });
});

describe('createCachedFetch() accepts every valid option', () => {
  it('a full, valid configuration creates a working cached fetch', async () => {
    origin.reply('/ok', { headers: { 'cache-control': 'max-age=60' }, body: 'ok' });
    const cf = create({
      fetch: (input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init),
      partition: (request: Request) => new URL(request.url).hostname,
      maxEntries: 10,
      maxBytes: 1_000_000,
      maxEntryBytes: 100_000,
      now: () => Date.UTC(2026, 0, 1),
      cacheStatus: true,
      offline: 'stale',
      revalidateCrossOrigin: ['https://api.example.com', 'http://localhost:8080'],
      warnings: false,
    });
    expect(await (await cf(`${ORIGIN}/ok`)).text()).toBe('ok');
    await cf.cache.settled();
    expect((await cf(`${ORIGIN}/ok`)).headers.get('cache-status')).toContain('hit');
    expect(origin.seen('/ok')).toHaveLength(1);
  });

  it.each<[string, unknown]>([
    ['partition', 'user-1'],
    ['partition', ''],
    ['revalidateCrossOrigin', true],
    ['revalidateCrossOrigin', false],
    ['revalidateCrossOrigin', []],
    ['offline', 'error'],
    ['maxEntries', undefined],
  ])('options.%s = %o', (name, value) => {
    expect(creationError({ [name]: value })).toBeUndefined();
  });

  it('only crossTab given: the default store and every other default', () => {
    expect(() => createCachedFetch({ crossTab: false })).not.toThrow();
  });
});

describe('options change behaviour as documented', () => {
  it('cacheStatus: false leaves Cache-Status off every response', async () => {
    origin.reply('/quiet', { headers: { 'cache-control': 'max-age=60' }, body: 'q' });
    const cf = makeCachedFetch({ cacheStatus: false });
    const miss = await cf(`${ORIGIN}/quiet`);
    expect(miss.headers.get('cache-status')).toBeNull();
    await miss.text();
    await cf.cache.settled();
    const hit = await cf(`${ORIGIN}/quiet`);
    expect(hit.headers.get('cache-status')).toBeNull();
    expect(hit.headers.get('age')).toBe('0');
    expect(origin.seen('/quiet')).toHaveLength(1);
  });

  it('maxEntryBytes: a larger response (by Content-Length) is passed through without being stored', async () => {
    origin.reply('/large', {
      headers: { 'cache-control': 'max-age=60', 'content-length': '2048' },
      body: 'x'.repeat(2048),
    });
    const cf = makeCachedFetch({ maxEntryBytes: 1024 });
    expect(await (await cf(`${ORIGIN}/large`)).text()).toHaveLength(2048);
    await cf.cache.settled();
    expect(await (await cf(`${ORIGIN}/large`)).text()).toHaveLength(2048);
    expect(origin.seen('/large')).toHaveLength(2);
  });

  it('partition: responses of one partition are never served to another', async () => {
    let n = 0;
    origin.reply('/me', () => ({
      headers: { 'cache-control': 'max-age=60' },
      body: `user ${++n}`,
    }));
    let user = 'alice';
    const cf = makeCachedFetch({ partition: () => user });
    expect(await (await cf(`${ORIGIN}/me`)).text()).toBe('user 1');
    await cf.cache.settled();
    user = 'bob';
    expect(await (await cf(`${ORIGIN}/me`)).text()).toBe('user 2');
    await cf.cache.settled();
    user = 'alice';
    expect(await (await cf(`${ORIGIN}/me`)).text()).toBe('user 1');
    expect(origin.seen('/me')).toHaveLength(2);
  });
});
