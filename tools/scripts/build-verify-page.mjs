// Builds the offline verification page (apps/verify-page): the shared verifier bundled for the
// browser with esbuild and inlined, with its styles, into one HTML file whose Content-Security-
// Policy allows exactly that script and that style and no connection at all. Output:
// dist/apps/verify/verify.html (the API serves it at GET /verify).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(new URL('.', import.meta.url).pathname, '..', '..');
const source = join(root, 'apps', 'verify-page', 'src');
const out = join(root, 'dist', 'apps', 'verify');

// esbuild strips types without checking them: check first.
const typecheck = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'apps', 'verify-page', 'tsconfig.app.json')], { stdio: 'inherit' });
if (typecheck.status !== 0) process.exit(typecheck.status ?? 1);

const result = await build({
  entryPoints: [join(source, 'main.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  legalComments: 'none',
  tsconfig: join(root, 'apps', 'verify-page', 'tsconfig.app.json'),
  logLevel: 'warning',
});
// Inside a <script> element, "</script" would end it early.
const script = result.outputFiles[0].text.replace(/<\/script/gi, '<\\/script').trim();
const style = readFileSync(join(source, 'verify.css'), 'utf8').trim();
const hash = (text) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
const html = readFileSync(join(source, 'verify.html'), 'utf8')
  .replace('__SCRIPT_HASH__', () => hash(script))
  .replace('__STYLE_HASH__', () => hash(style))
  .replace('__STYLE__', () => style)
  .replace('__SCRIPT__', () => script);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'verify.html'), html);
console.log(`verify page: ${join(out, 'verify.html')} (${Math.round(html.length / 1024)} KB)`);
