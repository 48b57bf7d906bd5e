// The layering of src/ (docs/architecture.md), checked by `npm run lint`. Type-only imports count:
// a cycle through types is still a cycle for a reader.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No module may reach itself through its imports, type imports included.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'policy-is-pure',
      severity: 'error',
      comment: 'policy/ decides from values alone: it imports nothing outside itself.',
      from: { path: '^src/policy/' },
      to: { pathNot: ['^src/policy/'] },
    },
    {
      name: 'store-knows-only-policy-types',
      severity: 'error',
      comment: 'store/ keeps what policy describes: it may import policy types, never fetch/.',
      from: { path: '^src/store/' },
      to: { path: '^src/(fetch|inspector)/' },
    },
    {
      name: 'store-imports-policy-types-only',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/policy/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'foundations-never-reach-flows',
      severity: 'error',
      comment:
        'context/, response/, network/, coordination/ and storage/ serve every flow; they never import one (cacheable/, revalidation/, range/, unsafe/, outbox/, invalidation/) or the wiring at the root of fetch/.',
      from: { path: '^src/fetch/(context|response|network|coordination|storage)/' },
      to: {
        path: [
          '^src/fetch/(cacheable|revalidation|range|unsafe|outbox|invalidation)/',
          '^src/fetch/[^/]+$',
        ],
      },
    },
    {
      name: 'flows-never-reach-the-wiring',
      severity: 'error',
      comment:
        'The flows are called by the wiring at the root of fetch/ (the factory, the route, clear, install); they never import it. They may use the description of the handle (cache-handle.ts, stored-entries.ts), as cache.invalidate({ where }) does.',
      from: { path: '^src/fetch/(cacheable|revalidation|range|unsafe|outbox|invalidation)/' },
      to: { path: '^src/fetch/[^/]+$', pathNot: '^src/fetch/(cache-handle|stored-entries)\\.ts$' },
    },
    {
      name: 'cacheable-reaches-lazy-flows-through-the-chunk',
      severity: 'error',
      comment:
        'The cacheable flow reaches revalidation/ and unsafe/ only through cacheable/network-chunk.ts, which loads with import().',
      from: { path: '^src/fetch/cacheable/', pathNot: '^src/fetch/cacheable/network-chunk\\.ts$' },
      to: { path: '^src/fetch/(revalidation|unsafe|range)/' },
    },
    {
      name: 'nothing-reaches-the-inspector',
      severity: 'error',
      comment: 'The inspector is its own entry point: the cache never imports it.',
      from: { path: '^src/(fetch|policy|store)/' },
      to: { path: '^src/inspector/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
