// Runs one PDF job `repeat` times in the API's own worker thread (dist/apps/api/paper-worker.js)
// and prints the time of each run and the peak memory of this process (main thread + worker).
// Used by run.mjs in a fresh process per measurement, so each figure starts cold.
import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const [, , workerPath, jobPath, repeatText] = process.argv;
const spec = JSON.parse(readFileSync(jobPath, 'utf8'));
const { resultPath, fontPath, ...job } = spec;
if (fontPath) job.fontBytes = new Uint8Array(readFileSync(fontPath));

// The same bounds as the API's pool (PAPER_WORKER_MEMORY_MB default).
const worker = new Worker(workerPath, { stdout: true, stderr: true, resourceLimits: { maxOldGenerationSizeMb: 512, stackSizeMb: 8 } });
worker.stdout.resume();
worker.stderr.resume();
let nextId = 1;
const run = () =>
  new Promise((resolve, reject) => {
    const id = nextId++;
    const started = performance.now();
    const listener = (message) => {
      if (message.id !== id || message.type === 'progress') return;
      worker.off('message', listener);
      if (message.type === 'result') resolve({ ms: performance.now() - started, result: message.result });
      else reject(new Error(`${message.type}: ${message.message}`));
    };
    worker.on('message', listener);
    worker.postMessage({ id, job });
  });

const times = [];
let last;
for (let i = 0; i < Number(repeatText ?? 1); i++) {
  last = await run();
  times.push(last.ms);
}
if (resultPath) writeFileSync(resultPath, JSON.stringify(last.result));
await worker.terminate();
process.stdout.write(`${JSON.stringify({ times, maxRssKb: process.resourceUsage().maxRSS })}\n`);
