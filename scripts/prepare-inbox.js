// `prepare` (run by `npm ci` and `npm install`): builds the inbox page (inbox/build-inbox.ts) so a
// clean clone serves it. An install without dev dependencies (`--omit=dev`) has no esbuild or swc:
// it says so and succeeds, and the page is then built where they are installed and shipped with it.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
try {
  require.resolve('esbuild', { paths: [root] });
  require.resolve('@swc/core', { paths: [root] });
} catch {
  process.stdout.write('inbox page not built: dev dependencies (esbuild, @swc/core) are not installed; run `npm run build:inbox` where they are\n');
  process.exit(0);
}
const result = spawnSync(process.execPath, ['-r', './scripts/register-ts.js', 'inbox/build-inbox.ts'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
