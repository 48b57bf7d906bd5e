// README "Recipes", Offline writes (kept verbatim; test/readme.test.ts checks README against this
// file). The README imports from its framework adapter (@tanstack/react-query, ...), whose
// useMutation takes the same options; the core package has the same classes.
import { MutationObserver, QueryClient } from '@tanstack/query-core';

import { createCachedFetch, parseCacheStatus } from 'cached-fetch';

type Todo = { id: string; title: string; pending?: boolean };
const cachedFetch = createCachedFetch({ outbox: true });
const queryClient = new QueryClient();

const addTodo = new MutationObserver(queryClient, {
  // 'offlineFirst': with TanStack's default ('online') a mutation made offline is paused in
  // memory, never reaches cachedFetch, and is lost on reload; here the outbox keeps it.
  networkMode: 'offlineFirst',
  mutationFn: async (todo: Todo) => {
    const response = await cachedFetch('/api/todos', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(todo),
    });
    // 202 + detail="queued": kept in IndexedDB, sent when the origin is reachable again.
    const queued = parseCacheStatus(response.headers.get('cache-status'))?.detail === 'queued';
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return { queued };
  },
  // Optimistic: the todo shows at once, marked pending until the origin has it.
  onMutate: (todo: Todo) => {
    queryClient.setQueryData<Todo[]>(['todos'], (list = []) => [
      ...list,
      { ...todo, pending: true },
    ]);
  },
  onSuccess: ({ queued }) => {
    if (!queued) void queryClient.invalidateQueries({ queryKey: ['todos'] });
  },
});

// A queued write reached the origin (the cache already invalidated /api/todos): refetch.
cachedFetch.cache.addEventListener('sent', () => {
  void queryClient.invalidateQueries({ queryKey: ['todos'] });
});
// The origin refused it for good (a 4xx; `conflict` for 409/412): undo the optimistic item.
cachedFetch.cache.addEventListener('failed', ({ conflict, status }) => {
  console.warn(`a queued todo was refused (HTTP ${status}${conflict ? ', conflict' : ''})`);
  void queryClient.invalidateQueries({ queryKey: ['todos'] });
});

export { addTodo };
