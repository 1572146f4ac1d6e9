import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How to start a PDF worker thread. The built API runs `paper-worker.js`, which webpack emits
 * next to `main.js`; from the TypeScript sources (tests, benches) the worker compiles
 * `paper.worker.ts` on the fly with ts-node, transpiling only.
 */
export function pdfWorkerScript(): { filename: string; eval: boolean } {
  const built = join(__dirname, 'paper-worker.js');
  if (!__filename.endsWith('.ts') && existsSync(built)) return { filename: built, eval: false };
  const tsNode = require.resolve('ts-node');
  const options = { transpileOnly: true, skipProject: true, compilerOptions: { module: 'commonjs', target: 'es2021', esModuleInterop: true } };
  return {
    eval: true,
    filename: `require(${JSON.stringify(tsNode)}).register(${JSON.stringify(options)});\nrequire(${JSON.stringify(join(__dirname, 'paper.worker.ts'))});`,
  };
}
