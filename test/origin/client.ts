// Helpers to script the test origin and read what it saw, usable from Node and from the browser.
import type { ScriptedResponse, SeenRequest } from './server';

export interface OriginClient {
  url: string;
  /** A fresh path prefix, so tests sharing one origin never see each other's requests. */
  path(name: string): string;
  script(path: string, ...responses: ScriptedResponse[]): Promise<void>;
  log(path: string): Promise<SeenRequest[]>;
}

let counter = 0;

export function originClient(url: string, fetchImpl: typeof fetch = fetch): OriginClient {
  return {
    url,
    path: (name) => `/t/${Date.now().toString(36)}-${++counter}/${name}`,
    async script(path, ...responses) {
      await fetchImpl(`${url}/__control/script`, {
        method: 'POST',
        body: JSON.stringify({ path, responses }),
      });
    },
    async log(path) {
      const res = await fetchImpl(`${url}/__control/log?path=${encodeURIComponent(path)}`);
      return (await res.json()) as SeenRequest[];
    },
  };
}
