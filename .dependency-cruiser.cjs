/**
 * The architecture's import boundaries (docs/architecture.md, "Lint and boundaries"), checked by
 * `pnpm lint:boundaries` and by tooling/boundaries.test.ts in `pnpm test`.
 *
 * Paths are matched after resolution. A workspace package (`@boxoffice/sdk/...`) resolves through
 * its `exports` to `packages/<name>/dist/...` when it is built and stays the bare name when it is
 * not, so the rules about the SDK's entries match all three forms: src, dist and the bare name.
 */

/** Node built-ins that do I/O or reach the process: the domain must stay computation only. */
const IO_BUILTINS =
  '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|child_process|cluster|worker_threads|process|os|tls|readline|stream|zlib|vm|v8|inspector|async_hooks|perf_hooks|timers)$';

/**
 * The bench files that still import SDK internals no public entry offers. They are warned, not
 * failed; any other file (or a new import) reaching into a package fails.
 * - bench/search.ts: readCatalog (adapters/search/catalog-source), the catalog read both search
 *   backends index from; the bench times that read on its own.
 * - bench/lib/search-minisearch.ts: the CatalogRecords type of that same read.
 * - bench/search-load.ts: loadSnapshot (adapters/search/lunr/persist), the saved-index load the
 *   search worker runs at start; the bench times it in this thread.
 * - bench/best.ts: the reference best-available (packages/sdk/test/domain), the slow exact
 *   answer the bench compares the fast one against; test code, never shipped.
 */
const BENCH_KNOWN_INTERNALS = ['^bench/search[.]ts$', '^bench/search-load[.]ts$', '^bench/lib/search-minisearch[.]ts$', '^bench/best[.]ts$'];
const INTO_A_PACKAGE = { path: '^packages/[^/]+/(src|test|dist|web)/', dependencyTypes: ['local'] };

/**
 * The SDK's import cycles when this check was added. Each goes through an `import type` edge, so
 * none changes load order at run time; they are warned until untangled. A new cycle fails, and so
 * does any cycle made of run-time imports only.
 * - domain/best-available <-> seat-layout (and via row-block-index): SectionOrder, SnapshotSeat types.
 * - box-office <-> deprecated-calls: the BoxOfficeResources type.
 * - box-office-queue <-> resources: CallOptions / BoxOfficeQueue types.
 * - adapters/memory/memory-availability <-> memory-state: TicketRow / EventAvailability types.
 */
const KNOWN_TYPE_CYCLES = [
  '^packages/sdk/src/domain/(best-available|seat-layout|row-block-index)[.]ts$',
  '^packages/sdk/src/(box-office|deprecated-calls|box-office-queue|resources)[.]ts$',
  '^packages/sdk/src/adapters/memory/memory-(availability|state)[.]ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-only-domain',
      comment:
        'The domain is the pure core: rules, schemas and errors. It may not reach outward to ' +
        'ports, services, adapters, the client, auth, webhooks, simulation or testing, so it can be ' +
        'reasoned about and tested alone.',
      severity: 'error',
      from: { path: '^packages/sdk/src/domain/' },
      to: { path: '^packages/sdk/src/', pathNot: '^packages/sdk/src/domain/' },
    },
    {
      name: 'domain-no-io-builtins',
      comment:
        'No file, network, process or timer I/O in the domain. node:crypto is allowed: ' +
        'queue-draw.ts hashes the published draw seed (SHA-256/HMAC), a pure function of its input.',
      severity: 'error',
      from: { path: '^packages/sdk/src/domain/' },
      to: { dependencyTypes: ['core'], path: IO_BUILTINS },
    },
    {
      name: 'ports-name-no-adapter',
      comment:
        'Ports are the interfaces adapters implement; a port that imports an adapter (or a service ' +
        'or the client) would tie the contract to one implementation.',
      severity: 'error',
      from: { path: '^packages/sdk/src/ports/' },
      to: { path: '^packages/sdk/src/(adapters|services|client)/' },
    },
    {
      name: 'services-use-ports-not-adapters',
      comment:
        'Services orchestrate the domain over ports; which adapter backs a port is chosen by ' +
        'createBoxOffice/openStore, never by a service.',
      severity: 'error',
      from: { path: '^packages/sdk/src/services/' },
      to: { path: '^packages/sdk/src/adapters/' },
    },
    {
      name: 'no-testing-in-production',
      comment:
        'The testing kit (conformance suites, fixtures, synthetic catalogs) is shipped as its own ' +
        'entry for tests; production code of any package must not load it. The kit itself is the ' +
        'product of packages/sdk/src/testing and may import within itself.',
      severity: 'error',
      from: { path: '^packages/[^/]+/(src|web/src)/', pathNot: '^packages/sdk/src/testing/' },
      to: { path: ['^packages/sdk/(src|dist)/testing/', '^@boxoffice/sdk/testing$'] },
    },
    {
      name: 'bench-and-examples-use-public-entries',
      comment:
        'Benchmarks and examples exercise what users get: the @boxoffice/* entries. A relative ' +
        'import into a package reaches internals that may change without notice.',
      severity: 'error',
      from: { path: '^(bench|examples)/', pathNot: BENCH_KNOWN_INTERNALS },
      to: INTO_A_PACKAGE,
    },
    {
      name: 'bench-known-internals',
      comment:
        'Known bench files that need SDK internals with no public entry: warned, not failed, so a ' +
        'new file still fails the rule above. Each is listed in BENCH_KNOWN_INTERNALS with its reason.',
      severity: 'warn',
      from: { path: BENCH_KNOWN_INTERNALS },
      to: INTO_A_PACKAGE,
    },
    {
      name: 'web-bundle-imports-only-protocol',
      comment:
        'The browser bundle must stay small and free of Node code: from the SDK it takes only ' +
        '@boxoffice/sdk/protocol (media types, headers, compact views, the live rule).',
      severity: 'error',
      from: { path: '^packages/server/web/src/' },
      to: {
        path: ['^packages/sdk/', '^@boxoffice/sdk(/|$)'],
        pathNot: ['^packages/sdk/(src|dist)/protocol/', '^@boxoffice/sdk/protocol$'],
      },
    },
    {
      name: 'web-bundle-no-node-builtins',
      comment: 'The browser has no Node built-ins; an import of one would break the bundle.',
      severity: 'error',
      from: { path: '^packages/server/web/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'sdk-no-cycles',
      comment:
        'A cycle makes load order matter (a module sees another half-initialised) and fuses layers ' +
        'that should be separable.',
      severity: 'error',
      from: { path: '^packages/sdk/src/', pathNot: KNOWN_TYPE_CYCLES },
      to: { circular: true },
    },
    {
      name: 'sdk-no-runtime-cycles',
      comment: 'Even among the known cycles, one made only of run-time imports is an error.',
      severity: 'error',
      from: { path: KNOWN_TYPE_CYCLES },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'sdk-known-type-cycles',
      comment: 'The known type-only cycles listed in KNOWN_TYPE_CYCLES: warned until untangled.',
      severity: 'warn',
      from: { path: KNOWN_TYPE_CYCLES },
      to: { circular: true },
    },
  ],
  options: {
    // Record the edge into node_modules or a built dist, but do not walk through them.
    doNotFollow: { path: ['node_modules', '(^|/)dist/'] },
    exclude: { path: ['(^|/)node_modules/', '\\.d\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
