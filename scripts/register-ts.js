// Runs the TypeScript sources directly (npm start, npm run engine, child processes in tests) by
// compiling each .ts file with @swc/core on require; type checking stays with `npm run typecheck`.
// Compiled output is cached on disk by content, and swc is loaded only on a miss: its native module
// and compiler state cost each process about 45 MiB of RSS for as long as it runs (135 MiB across
// the engine, worker and API of one deployment), although it is needed only for the first start.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const OPTIONS = {
  sourceMaps: 'inline',
  module: { type: 'commonjs' },
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
};
const CACHE_DIR = path.join(__dirname, '..', 'node_modules', '.cache', 'register-ts');
/** Output depends on the compiler's version and options as well as on the source and its path. */
const SALT = `${JSON.parse(fs.readFileSync(require.resolve('@swc/core/package.json'), 'utf8')).version}\n${JSON.stringify(OPTIONS)}\n`;

let swc = null;

function compile(source, filename) {
  const key = crypto.createHash('sha256').update(SALT).update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // a miss: compile below
  }
  swc ??= require('@swc/core');
  const { code } = swc.transformSync(source, { filename, ...OPTIONS });
  try {
    // Written aside and renamed, so a process starting alongside never reads half a file.
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const temp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temp, code);
    fs.renameSync(temp, cached);
  } catch {
    // A read-only checkout still runs; it just compiles on every start.
  }
  return code;
}

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
process.setSourceMapsEnabled(true);
