// axios + axios-cache-interceptor with its default storage, which is in memory (a Map holding the
// parsed data; not persisted, nothing copied on a hit).
import axios from 'axios';
import { setupCache } from 'axios-cache-interceptor';
import { expectBytes, type Variant } from './sampler.ts';

const name = 'axios-cache-interceptor (default in-memory storage)';

export function axiosHitVariant(url: string, bytes: number): Variant {
  const api = setupCache(axios.create());
  return {
    name,
    hitPrefix: url,
    prepare: async () => {
      const res = await api.get<ArrayBuffer>(url, { responseType: 'arraybuffer' });
      expectBytes(res.data, bytes, 'prime');
    },
    run: async () => {
      const res = await api.get<ArrayBuffer>(url, { responseType: 'arraybuffer' });
      if (!res.cached) throw new Error('axios-cache-interceptor did not serve from its cache');
      expectBytes(res.data, bytes, name);
    },
  };
}

export function axiosBurstVariant(
  path: string,
  bytes: number,
  count: number,
  tag: string,
): Variant {
  const prefix = `${path}?v=${tag}-axios-`;
  const api = setupCache(axios.create());
  return {
    name,
    hitPrefix: prefix,
    run: async (round) => {
      await Promise.all(
        Array.from({ length: count }, async () => {
          const res = await api.get<ArrayBuffer>(`${prefix}${round}`, {
            responseType: 'arraybuffer',
          });
          expectBytes(res.data, bytes, name);
        }),
      );
    },
  };
}
