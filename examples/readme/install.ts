// README "Usage", install (kept verbatim; test/readme.test.ts checks README against this file).
declare const session: { userId?: string };

import { install } from 'cached-fetch';

const uninstall = install({ partition: () => session.userId ?? 'anonymous' });

uninstall();
