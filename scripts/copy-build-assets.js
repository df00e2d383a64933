// After `tsc` emits dist/, copy the files it does not emit: plain .mjs worker scripts loaded by path
// at run time (the PDF extraction worker).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
for (const dir of ['src']) {
  for (const entry of fs.readdirSync(path.join(root, dir), { recursive: true })) {
    if (!entry.endsWith('.mjs')) continue;
    const target = path.join(root, 'dist', dir, entry);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(root, dir, entry), target);
  }
}
