/**
 * Drillhall's import rules, checked by dependency-cruiser in `npm test`
 * (test/architecture/layers.test.ts) and by hand with
 * `npx depcruise --config .dependency-cruiser.cjs server web contract`.
 *
 * - No import cycles anywhere (type-only imports count: a cycle of types is still a cycle).
 * - Layers only point down. Lowest first; a layer may import any layer below it, never one
 *   above it or beside it (scoring and export share a layer and may not import each other):
 */
const LAYERS = [
  ['contract', '^contract/'], // Node-free, zod-free types and constants: imports nothing from the project
  ['promql', '^server/promql/'], // a leaf library: imports only contract
  ['scenario', '^server/scenario/'],
  ['sim', '^server/sim/'],
  ['scoring and export', '^server/(scoring|export)/'],
  ['store', '^server/store/'],
  ['drills', '^server/drills/'],
  ['http', '^server/http/'],
  ['node entry', '^server/node/'], // startServer: the HTTP app and WebSocket on a Node listener
  ['bench', '^server/bench/'],
  ['cli', '^server/cli/'],
];

const SERVER_FOLDERS = '^server/(promql|scenario|sim|scoring|export|store|drills|http|node|bench|cli)/';
const NPM = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];

/** One rule per layer: no import of any layer above it (scoring and export apart: see below). */
const layerRules = LAYERS.map(([name, path], index) => {
  const above = LAYERS.slice(index + 1).map(([, p]) => p);
  return {
    name: `layer-${name.replace(/ /g, '-')}`,
    severity: 'error',
    comment: `${name} (${path}) may import only the layers below it: ${LAYERS.slice(0, index).map(([n]) => n).join(', ') || 'nothing in the project'}`,
    from: { path },
    to: { path: above },
  };
}).filter((rule) => rule.to.path.length > 0);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles in server/, web/ or contract/.',
      from: { path: '^(server|web|contract)/' },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'layer-scoring-export-apart',
      severity: 'error',
      comment: 'scoring and export share a layer; neither imports the other.',
      from: { path: '^server/scoring/' },
      to: { path: '^server/export/' },
    },
    {
      name: 'layer-export-scoring-apart',
      severity: 'error',
      comment: 'scoring and export share a layer; neither imports the other.',
      from: { path: '^server/export/' },
      to: { path: '^server/scoring/' },
    },
    {
      name: 'layer-unknown-server-folder',
      severity: 'error',
      comment: 'Every folder of server/ has a place in the layers: add a new one to LAYERS in .dependency-cruiser.cjs.',
      from: { path: '^server/', pathNot: SERVER_FOLDERS },
      to: {},
    },
    {
      name: 'server-not-to-web',
      severity: 'error',
      comment: 'The server imports nothing from web/ (what both need lives in contract/).',
      from: { path: '^server/' },
      to: { path: '^web/' },
    },
    {
      name: 'contract-imports-no-project-module',
      severity: 'error',
      comment: 'contract/ imports nothing from the project outside contract/.',
      from: { path: '^contract/' },
      to: { pathNot: '^contract/|(^|/)node_modules/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'contract-no-runtime-npm',
      severity: 'error',
      comment: 'contract/ is zod-free and bundle-safe: npm packages only as `import type`.',
      from: { path: '^contract/' },
      to: { dependencyTypes: NPM, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'contract-no-node-builtins',
      severity: 'error',
      comment: 'contract/ runs in the browser: no node: builtins.',
      from: { path: '^contract/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'web-only-web-contract-npm',
      severity: 'error',
      comment: 'web/ imports only web/, contract/ and npm packages (and the API type, see web-app-type-only).',
      from: { path: '^web/' },
      to: {
        pathNot: '^(web|contract)/|(^|/)node_modules/|^server/http/app\\.ts$',
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'web-app-type-only',
      severity: 'error',
      comment: 'web/ may import server/http/app.ts only with `import type` (for hc<AppType>).',
      from: { path: '^web/' },
      to: { path: '^server/http/app\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-no-node-builtins',
      severity: 'error',
      comment: 'web/ runs in the browser: no node: builtins.',
      from: { path: '^web/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing.',
      from: { path: '^(server|web|contract)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // npm packages are dependencies (contract-no-runtime-npm looks at them) but not cruised into
    doNotFollow: { path: '(^|/)node_modules/' },
    // type-only imports are dependencies too; the rules above say where they are allowed
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
  },
};
