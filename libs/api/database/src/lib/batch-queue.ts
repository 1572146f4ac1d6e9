export interface BatchQueueOptions {
  /** At most this many items in one batch. */
  maxBatch: number;
  /** At most this many batches running at once; items arriving meanwhile wait for the next. */
  concurrency: number;
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for hot statements: items submitted in the same turn of the event loop, or while
 * the previous batches are still running, go to the database together as one batch. A lone item
 * waits for nothing but the end of the current turn; under load a round trip, a statement's
 * planning and a commit are shared by everything that arrived meanwhile.
 *
 * `run` returns one result per item, in order. If it throws, every item of that batch is
 * rejected with the same error (callers that need to tell items apart retry them one by one).
 */
export class BatchQueue<T, R> {
  private queue: Pending<T, R>[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: T[]) => Promise<R[]>,
    private readonly options: BatchQueueOptions,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.options.concurrency || this.queue.length === 0) return;
    this.scheduled = true;
    // After the current turn: everything that arrives with this item joins its batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.running < this.options.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.running += 1;
      void this.execute(batch).finally(() => {
        this.running -= 1;
        this.schedule();
      });
    }
  }

  private async execute(batch: Pending<T, R>[]): Promise<void> {
    try {
      const results = await this.run(batch.map((pending) => pending.item));
      if (results.length !== batch.length) throw new Error(`A batch of ${batch.length} returned ${results.length} results.`);
      batch.forEach((pending, index) => pending.resolve(results[index]));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
