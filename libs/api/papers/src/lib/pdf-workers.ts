import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { APP_CONFIG, type AppConfig } from '@ecabinet/api/platform';
import type { PdfJob, PdfJobResult, PdfWorkerMessage } from './pdf/pdf-jobs';
import { PaperRefusedError } from './pdf/paper-inspector';
import { pdfWorkerScript } from './pdf/worker-script';

export interface PdfJobOptions {
  timeoutMs: number;
  onProgress?: (done: number, total: number) => void;
}

interface Slot {
  worker: Worker;
  job: { id: number; resolve: (value: unknown) => void; reject: (error: Error) => void; options: PdfJobOptions; timer: NodeJS.Timeout } | null;
}

interface Queued {
  job: PdfJob;
  options: PdfJobOptions;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * A small pool of worker threads for PDF work, off the event loop. Each worker's heap is bounded
 * (resourceLimits) and each job's time (the worker is terminated); a worker that runs out of
 * memory, time or crashes is replaced, and its job is refused as too complex.
 */
@Injectable()
export class PdfWorkers implements OnApplicationShutdown {
  private readonly logger = new Logger(PdfWorkers.name);
  private readonly slots: Slot[] = [];
  private readonly queue: Queued[] = [];
  private readonly size: number;
  private nextId = 1;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.size = Math.max(1, Math.min(2, availableParallelism() - 1));
  }

  run<J extends PdfJob>(job: J, options: PdfJobOptions): Promise<PdfJobResult<J>> {
    if (this.closed) return Promise.reject(new Error('the PDF workers are shut down'));
    return new Promise<PdfJobResult<J>>((resolve, reject) => {
      const queued = { job, options, resolve: resolve as (value: unknown) => void, reject };
      // A secretary waits on an upload; books are compiled in the background: uploads go first.
      const firstOther = job.kind === 'inspect' ? this.queue.findIndex((q) => q.job.kind !== 'inspect') : -1;
      if (firstOther >= 0) this.queue.splice(firstOther, 0, queued);
      else this.queue.push(queued);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const next = this.queue.shift() as Queued;
      const id = this.nextId++;
      const timer = setTimeout(() => this.fail(slot as Slot, new PaperRefusedError('too-complex', `the work took longer than ${next.options.timeoutMs} ms`)), next.options.timeoutMs);
      slot.job = { id, resolve: next.resolve, reject: next.reject, options: next.options, timer };
      slot.worker.postMessage({ id, job: next.job });
    }
  }

  private spawn(): Slot {
    const script = pdfWorkerScript();
    const worker = new Worker(script.filename, {
      eval: script.eval,
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: this.config.papers.workerMemoryMb, stackSizeMb: 8 },
    });
    worker.stdout.resume();
    worker.stderr.resume();
    worker.unref();
    const slot: Slot = { worker, job: null };
    worker.on('message', (message: PdfWorkerMessage) => this.receive(slot, message));
    worker.on('error', (error: Error & { code?: string }) => {
      const reason = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'the work needed more memory than allowed' : error.message;
      this.fail(slot, new PaperRefusedError('too-complex', reason));
    });
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) this.fail(slot, new PaperRefusedError('too-complex', `the worker stopped (exit code ${code})`));
    });
    this.slots.push(slot);
    return slot;
  }

  private receive(slot: Slot, message: PdfWorkerMessage): void {
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    if (message.type === 'progress') {
      job.options.onProgress?.(message.done, message.total);
      return;
    }
    clearTimeout(job.timer);
    slot.job = null;
    if (message.type === 'result') job.resolve(message.result);
    else if (message.type === 'refused') job.reject(new PaperRefusedError(message.reason, message.message));
    else job.reject(new Error(`PDF worker failed: ${message.message}`));
    this.dispatch();
  }

  /** Ends the slot's job with `error` and replaces its worker. */
  private fail(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (slot.job) {
      clearTimeout(slot.job.timer);
      this.logger.warn(`PDF worker job ${slot.job.id} ended: ${error.message}`);
      slot.job.reject(error);
      slot.job = null;
    }
    void slot.worker.terminate();
    this.dispatch();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    for (const queued of this.queue.splice(0)) queued.reject(new Error('the PDF workers are shut down'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }
}
