// README "Inspector" (kept verbatim; test/readme.test.ts checks README against this file).
import { cachedFetch } from 'cached-fetch';
import { mountInspector } from 'cached-fetch/inspector';

// In development builds: a live view of the cache, inside <div id="cache-inspector">.
mountInspector(cachedFetch.cache, document.getElementById('cache-inspector')!);
