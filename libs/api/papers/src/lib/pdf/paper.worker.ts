/**
 * Entry point of a PDF worker thread (built as `paper-worker.js` next to the API's `main.js`).
 * The pool bounds each worker's memory (resourceLimits) and each job's time (terminate).
 */
import { parentPort } from 'node:worker_threads';
import { refusalMessage, runPdfJob, type PdfJob, type PdfWorkerMessage } from './pdf-jobs';

// pdf-lib reports recoverable oddities on the console; a refusal or the index says what matters.
console.warn = () => undefined;
console.log = () => undefined;

const port = parentPort;
if (!port) throw new Error('paper.worker must run in a worker thread');

port.on('message', ({ id, job }: { id: number; job: PdfJob }) => {
  const post = (message: PdfWorkerMessage) => port.postMessage(message);
  runPdfJob(job, (done, total) => post({ id, type: 'progress', done, total })).then(
    (result) => post({ id, type: 'result', result }),
    (error: unknown) => post(refusalMessage(id, error)),
  );
});
