/**
 * The layering of trialkit, checked (npm test runs `npm run boundaries`; test/boundaries.test.ts shows
 * each rule failing on fixtures). Imports go downward: shell (store, server, cli, web) → adapters
 * (fhir, cdisc) → engines → contracts/protocol; a folder is a module that others import only through
 * its index.ts. See docs/design in ../shared/design/ARCHITECTURE.md and decision record 0010.
 */
const ENGINES = '(clinical|eligibility|protocol|randomization|recist|endpoints|stats|schedule|safety|csv)';
const ADAPTERS = '(fhir|cdisc|ctgov|ical)';
const SHELL = '(store|server|cli)';
const TESTS = '(\\.test\\.ts$|^test/|^bench/)';

module.exports = {
  forbidden: [
    {
      name: 'engine-imports-outward',
      comment: 'An engine is pure: it imports no adapter (FHIR, CDISC) and no shell (store, server, CLI).',
      severity: 'error',
      from: { path: `^src/${ENGINES}/` },
      to: { path: `^src/(${ADAPTERS.slice(1, -1)}|${SHELL.slice(1, -1)})/` },
    },
    {
      name: 'adapter-imports-shell',
      comment: 'An adapter translates standard formats; it imports no store, server or CLI.',
      severity: 'error',
      from: { path: `^src/${ADAPTERS}/` },
      to: { path: `^src/${SHELL}/` },
    },
    {
      name: 'contracts-only-zod',
      comment: 'src/contracts is shared with the web app: it depends on zod alone.',
      severity: 'error',
      from: { path: '^src/contracts/' },
      to: { pathNot: ['^src/contracts/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'store-imports-server-or-cli',
      comment: 'The store is below the server and the CLI.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(server|cli)/' },
    },
    {
      name: 'server-imports-cli',
      comment: 'The server never imports the CLI: what both need lives in an engine, adapter or the store.',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'nothing-imports-cli',
      comment: 'The CLI is the top of the shell; only its launcher and tests import it.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/cli/', TESTS] },
      to: { path: '^src/cli/' },
    },
    {
      name: 'web-imports-server-internals',
      comment: 'The web app imports only src/contracts from the server side.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: '^src/contracts/' },
    },
    {
      name: 'through-index',
      comment: "A module is imported through its index.ts, never one of its files (tests may reach a module's insides).",
      severity: 'error',
      from: { path: '^(src)/([^/]+)/', pathNot: TESTS },
      to: { path: '^src/([^/]+)/', pathNot: ['^src/$2/', '^src/[^/]+/index\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
