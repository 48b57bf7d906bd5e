// The signed-in user, kept in localStorage so that a reload stays signed in (or out).
const key = 'cached-fetch-react-example:user';

export const session = {
  get userId(): string | undefined {
    return localStorage.getItem(key) ?? undefined;
  },
  set userId(id: string | undefined) {
    if (id === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, id);
    for (const listener of listeners) listener();
  },
};

const listeners = new Set<() => void>();

/** For React's useSyncExternalStore. */
export function subscribeToSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
