// With `?trace` in the page's URL (bench/page-load/run.ts --trace): the time (performance.now()) of each IndexedDB step and Response made before the first body is read, so that a first
// data's milliseconds can be laid beside the floor's (issue 24). Imported first by ./page.ts, so
// its hooks are in place before the library's modules run. Without `?trace` it does nothing.
declare global {
  interface Window {
    pageLoadTrace?: [string, number][];
  }
}

/** Whether this load is traced (exported so that bundlers keep this module: "sideEffects": false). */
export const tracing = new URLSearchParams(location.search).has('trace');

if (tracing) {
  const trace: [string, number][] = [];
  window.pageLoadTrace = trace;
  const mark = (what: string) => trace.push([what, performance.now()]);
  const onDone = (request: IDBRequest, what: string) =>
    request.addEventListener('success', () => mark(`${what} success`), { once: true });
  const wrap = <T extends object>(
    proto: T,
    name: keyof T & string,
    what: string,
    after?: (result: unknown) => void,
  ) => {
    const original = proto[name] as unknown as (...args: unknown[]) => unknown;
    (proto as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      mark(what);
      const result = original.apply(this, args);
      after?.(result);
      return result;
    };
  };
  wrap(IDBFactory.prototype, 'open', 'idb open', (r) => onDone(r as IDBRequest, 'idb open'));
  wrap(IDBDatabase.prototype, 'transaction', 'transaction', (tx) =>
    (tx as IDBTransaction).addEventListener('complete', () => mark('transaction complete'), {
      once: true,
    }),
  );
  for (const name of ['get', 'getAll'] as const) {
    wrap(IDBObjectStore.prototype, name, `store.${name}`, (r) =>
      onDone(r as IDBRequest, `store.${name}`),
    );
    wrap(IDBIndex.prototype, name, `index.${name}`, (r) =>
      onDone(r as IDBRequest, `index.${name}`),
    );
  }
  wrap(IDBTransaction.prototype, 'commit', 'transaction.commit');
  wrap(Blob.prototype, 'arrayBuffer', 'blob.arrayBuffer');
  if (crypto.subtle)
    for (const name of ['digest', 'importKey', 'sign', 'generateKey'] as const)
      wrap(SubtleCrypto.prototype, name, `crypto.${name}`);
  if (navigator.locks) wrap(LockManager.prototype, 'request', 'locks.request');
  if (navigator.storage) {
    wrap(StorageManager.prototype, 'persisted', 'storage.persisted');
    wrap(StorageManager.prototype, 'estimate', 'storage.estimate');
  }
  // A page's first touch of localStorage loads the origin's copy synchronously: timed whole. (A
  // global object's attributes are its own properties, not its prototype's: WebIDL [Global].)
  for (const [owner, name] of [
    [globalThis, 'localStorage'],
    [Storage.prototype, 'length'],
  ] as const) {
    const descriptor = Object.getOwnPropertyDescriptor(owner, name);
    if (!descriptor?.get) continue;
    const get = descriptor.get;
    Object.defineProperty(owner, name, {
      ...descriptor,
      get(this: unknown) {
        mark(`${name} get`);
        const value = get.call(this);
        mark(`${name} got`);
        return value;
      },
    });
  }
  wrap(Storage.prototype, 'getItem', 'localStorage.getItem');
  globalThis.BroadcastChannel = new Proxy(BroadcastChannel, {
    construct(target, args) {
      mark('new BroadcastChannel');
      return Reflect.construct(target, args);
    },
  });
  // Tasks the library schedules (a wait for one shows as a gap between IndexedDB steps).
  const nativeTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((run: () => void, ms?: number, ...rest: unknown[]) => {
    mark(`setTimeout(${ms ?? 0})`);
    return nativeTimeout(
      () => {
        mark(`timeout(${ms ?? 0}) fired`);
        run();
      },
      ms,
      ...rest,
    );
  }) as typeof setTimeout;
  // The store's chunk has run: openBackend listens for pageshow (the memory tier's restore).
  const listen = window.addEventListener.bind(window);
  window.addEventListener = ((type: string, ...rest: [EventListener, unknown?]) => {
    if (type === 'pageshow') mark('store chunk ran (pageshow listener)');
    return listen(type, ...(rest as [EventListener]));
  }) as typeof window.addEventListener;
  const NativeResponse = Response;
  globalThis.Response = new Proxy(NativeResponse, {
    construct(target, args) {
      mark('new Response');
      return Reflect.construct(target, args);
    },
  });
  mark('trace module');
}
