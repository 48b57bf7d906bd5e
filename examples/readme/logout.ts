// README "Recipes", logout (kept verbatim; test/readme.test.ts checks README against this file).
import { createCachedFetch } from 'cached-fetch';

declare const session: { userId?: string | undefined };

const cachedFetch = createCachedFetch({ partition: () => session.userId ?? 'anonymous' });
async function logout() {
  const user = session.userId;
  session.userId = undefined;
  if (user !== undefined) await cachedFetch.cache.clear({ partition: user });
}

export { logout };
