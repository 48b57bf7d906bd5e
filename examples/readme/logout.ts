// README "Recipes", logout (kept verbatim; test/readme.test.ts checks README against this file).
// The example app (examples/spa) logs out the same way.
declare const session: { userId: string | undefined };

import { createCachedFetch } from 'cached-fetch';

const cachedFetch = createCachedFetch({ partition: () => session.userId ?? 'anonymous' });
async function logout() {
  const user = session.userId;
  if (user === undefined) return;
  session.userId = undefined;
  await cachedFetch.cache.clear({ partition: user }); // that user's entries only
}
// A logout in another tab is a logout here.
cachedFetch.cache.addEventListener('cleared', ({ partition, remote }) => {
  if (!remote || partition === undefined || partition !== session.userId) return;
  session.userId = undefined;
  location.assign('/signed-out');
});

export { logout };
