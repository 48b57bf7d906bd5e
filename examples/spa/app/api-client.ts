// The app's data access: plain `fetch` (the cached one, once installed), with each response
// recorded for the panel.
import type { RequestLog } from './request-log.ts';
import { outcomeOf } from './request-log.ts';

export interface Product {
  id: number;
  name: string;
  category: string;
  price: number;
  stock: number;
}

export interface User {
  name: string;
}

export class ApiClient {
  readonly log: RequestLog;

  constructor(log: RequestLog) {
    this.log = log;
  }

  async getJson<T>(path: string): Promise<T> {
    const url = new URL(path, location.href).href;
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      const ms = Math.round(performance.now() - started);
      this.log.add({ url: path, status: null, cacheStatus: null, outcome: 'error', bytes: 0, ms });
      throw error;
    }
    const body = await response.arrayBuffer();
    const cacheStatus = response.headers.get('cache-status');
    this.log.add({
      url: path,
      status: response.status,
      cacheStatus,
      outcome: outcomeOf(cacheStatus),
      bytes: body.byteLength,
      ms: Math.round(performance.now() - started),
    });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return JSON.parse(new TextDecoder().decode(body)) as T;
  }
}
