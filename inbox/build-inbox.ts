// Builds the inbox page into one directory the API serves (`inbox/build`, git-ignored): index.html,
// inbox.css and one bundled, minified inbox.js (preact included, nothing fetched at run time).
// `npm run build:inbox` runs it; `npm ci` too (the `prepare` script); tests build into their own dir.
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const INBOX_SOURCE_DIR = __dirname;
export const DEFAULT_INBOX_BUILD_DIR = path.join(__dirname, 'build');

export interface BuiltFile {
  name: string;
  bytes: number;
  gzipBytes: number;
}

export async function buildInbox(options: { outDir?: string } = {}): Promise<{ outDir: string; files: BuiltFile[] }> {
  const outDir = options.outDir ?? DEFAULT_INBOX_BUILD_DIR;
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(INBOX_SOURCE_DIR, 'src/main.tsx')],
    outfile: path.join(outDir, 'inbox.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'warning',
  });
  await copyFile(path.join(INBOX_SOURCE_DIR, 'index.html'), path.join(outDir, 'index.html'));
  await copyFile(path.join(INBOX_SOURCE_DIR, 'inbox.css'), path.join(outDir, 'inbox.css'));
  const files: BuiltFile[] = [];
  for (const name of ['index.html', 'inbox.css', 'inbox.js']) {
    const bytes = await readFile(path.join(outDir, name));
    files.push({ name, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length });
  }
  return { outDir, files };
}

if (require.main === module) {
  buildInbox().then(
    ({ outDir, files }) => {
      const total = files.reduce((sum, f) => ({ bytes: sum.bytes + f.bytes, gzip: sum.gzip + f.gzipBytes }), { bytes: 0, gzip: 0 });
      process.stdout.write(`inbox page built into ${outDir}: ${files.map((f) => `${f.name} ${f.bytes} B`).join(', ')}; ${total.bytes} B, ${total.gzip} B gzipped\n`);
    },
    (err: unknown) => {
      process.stderr.write(`inbox build failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
