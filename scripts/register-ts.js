// Runs the TypeScript sources directly (npm start, npm run engine, child processes in tests) by
// compiling each .ts file with @swc/core on require; type checking stays with `npm run typecheck`.
'use strict';
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = require('node:fs').readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  });
  module._compile(code, filename);
};
process.setSourceMapsEnabled(true);
