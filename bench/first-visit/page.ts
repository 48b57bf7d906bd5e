// A first visit (bench/first-visit/run.ts): an empty profile loads this page, which asks for its
// data at once, with cachedFetch. The time its request leaves (the network fetch is called) and
// its data is read, from the navigation's start (the app's own JavaScript download included).
import { cachedFetch } from 'cached-fetch';
import { timedFetch, visit } from './visit.ts';

timedFetch();
await visit((url) => cachedFetch(url));
