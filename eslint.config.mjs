// Lint enforces the dependency direction of ARCHITECTURE.md §2:
//   app → components → lib/api;  app, cli → lib/server → lib/sources, lib/mesh, lib/report, lib/diagrams → lib/snapshot
//   app, cli → lib/server → lib/store (the history database, a boundary like lib/sources) → lib/mesh
// and keeps the pure layers (snapshot, mesh, diagrams, report) free of frameworks, I/O and the clock.
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const zone = (target, from, message) => ({ target, from, message });
const upward = (target, from) => zone(target, from, `${target} must not import ${from} (ARCHITECTURE.md §2 dependency direction)`);

const pureLayers = ['lib/snapshot/**', 'lib/mesh/**', 'lib/diagrams/**', 'lib/report/**'];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', '.image/**', 'node_modules/**', 'dist/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'coverage/**'],
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            ...['./lib/mesh', './lib/sources', './lib/server', './lib/report', './lib/diagrams', './lib/api', './components', './app', './cli'].map((f) =>
              upward('./lib/snapshot', f),
            ),
            ...['./lib/sources', './lib/server', './lib/report', './lib/diagrams', './lib/api', './components', './app', './cli'].map((f) =>
              upward('./lib/mesh', f),
            ),
            ...['./lib/sources', './lib/server', './lib/report', './lib/api', './components', './app', './cli'].map((f) => upward('./lib/diagrams', f)),
            ...['./lib/sources', './lib/server', './lib/api', './components', './app', './cli'].map((f) => upward('./lib/report', f)),
            ...['./lib/mesh', './lib/server', './lib/report', './lib/diagrams', './lib/api', './components', './app', './cli'].map((f) =>
              upward('./lib/sources', f),
            ),
            ...['./lib/server', './lib/api', './components', './app', './cli'].map((f) => upward('./lib/store', f)),
            ...['./lib/snapshot', './lib/mesh', './lib/report', './lib/diagrams', './lib/sources', './lib/api', './components'].map((f) => zone(f, './lib/store', `${f} must not import ./lib/store (ARCHITECTURE.md §2: no SQL outside the store; the UI reads history through the API)`)),
            ...['./components', './app', './cli'].map((f) => upward('./lib/server', f)),
            ...['./lib/server', './lib/sources', './components', './app', './cli'].map((f) => upward('./lib/api', f)),
            ...['./lib/server', './lib/sources', './app', './cli'].map((f) => upward('./components', f)),
            ...['./app', './components'].map((f) => upward('./cli', f)),
          ],
        },
      ],
    },
  },
  {
    files: pureLayers,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*', 'next', 'next/*', '@kubernetes/*', 'node:*', 'fs', 'path', 'crypto', 'http', 'https', 'os', 'child_process'], message: 'Pure layer: no framework, client-node or Node I/O (ARCHITECTURE.md §2).' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Pure layer: no I/O.' }, { name: 'process', message: 'Pure layer: no process.env.' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Pure layer: take `now` as an argument.' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pure layer: take `now` as an argument.' }],
    },
  },
];

export default config;
