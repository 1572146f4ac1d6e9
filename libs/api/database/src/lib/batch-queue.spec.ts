import { BatchQueue } from './batch-queue';

/** A batch runner whose batches finish only when the test says so. */
function controlledRunner() {
  const batches: { items: number[]; finish: (results?: string[]) => void; fail: (error: Error) => void }[] = [];
  const run = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push({ items, finish: (results) => resolve(results ?? items.map((item) => `done ${item}`)), fail: reject });
    });
  return { batches, run };
}

/** Lets the queue's scheduled flushes (and what a finished batch schedules) run. */
const turn = async () => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('BatchQueue', () => {
  it('sends items submitted in the same turn as one batch, each caller getting its own result', async () => {
    const { batches, run } = controlledRunner();
    const queue = new BatchQueue(run, { maxBatch: 10, concurrency: 1 });
    const results = [1, 2, 3].map((item) => queue.submit(item));
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([[1, 2, 3]]);
    batches[0].finish();
    await expect(Promise.all(results)).resolves.toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('gathers what arrives while a batch runs into the next one, and never runs more batches than allowed', async () => {
    const { batches, run } = controlledRunner();
    const queue = new BatchQueue(run, { maxBatch: 10, concurrency: 1 });
    const first = queue.submit(1);
    await turn();
    const later = [2, 3, 4].map((item) => queue.submit(item));
    await turn();
    expect(batches).toHaveLength(1);
    batches[0].finish();
    await first;
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([[1], [2, 3, 4]]);
    batches[1].finish();
    await expect(Promise.all(later)).resolves.toEqual(['done 2', 'done 3', 'done 4']);
  });

  it('splits at the batch size and runs up to `concurrency` batches at once', async () => {
    const { batches, run } = controlledRunner();
    const queue = new BatchQueue(run, { maxBatch: 2, concurrency: 2 });
    const results = [1, 2, 3, 4, 5].map((item) => queue.submit(item));
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    batches[0].finish();
    await turn();
    expect(batches.map((batch) => batch.items)).toEqual([[1, 2], [3, 4], [5]]);
    batches[1].finish();
    batches[2].finish();
    await expect(Promise.all(results)).resolves.toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5']);
  });

  it('rejects every item of a failed batch, and a wrong count of results, without stopping later batches', async () => {
    const { batches, run } = controlledRunner();
    const queue = new BatchQueue(run, { maxBatch: 10, concurrency: 1 });
    const failed = [1, 2].map((item) => queue.submit(item));
    await turn();
    batches[0].fail(new Error('connection lost'));
    for (const result of failed) await expect(result).rejects.toThrow('connection lost');

    const miscounted = queue.submit(3);
    await turn();
    batches[1].finish([]);
    await expect(miscounted).rejects.toThrow('A batch of 1 returned 0 results.');

    const fine = queue.submit(4);
    await turn();
    batches[2].finish();
    await expect(fine).resolves.toBe('done 4');
  });
});
