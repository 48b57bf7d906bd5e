// Bundle budgets (min+gzip, as an app pays them). Range support is a chunk of its own that the
// main bundle loads with import() on the first Range request: each is measured without the other.
const withoutChunk = (path) => (config) => ({
  ...config,
  external: [...(config.external ?? []), path],
});

export default [
  {
    name: 'import { cachedFetch } (with idb), min+gzip',
    path: 'dist/index.js',
    import: '{ cachedFetch }',
    gzip: true,
    limit: '18.9 KB',
    modifyEsbuildConfig: withoutChunk('./range-request.js'),
  },
  {
    name: 'the Range chunk, loaded on the first Range request, min+gzip',
    path: 'dist/range-request.js',
    import: '{ rangeRequest }',
    gzip: true,
    limit: '4.3 KB',
    modifyEsbuildConfig: withoutChunk('./index.js'),
  },
];
