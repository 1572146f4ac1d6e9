import { PART_BYTES, PREFETCH_BYTES, withEndsFirst } from './pdf-loader';

describe('withEndsFirst', () => {
  const length = PART_BYTES * 10 + 1234;
  const lastPart = PART_BYTES * 10;
  const perEnd = PREFETCH_BYTES / PART_BYTES;

  function recorder() {
    const asked: [number, number][] = [];
    const fetch = jest.fn(async (start: number, end: number) => {
      asked.push([start, end]);
      return new ArrayBuffer(end - start + 1);
    });
    return { asked, fetch };
  }

  it("asks at once for the parts of the file's end (first) and start, and hands each to pdf.js once", async () => {
    const { asked, fetch } = recorder();
    const parts = withEndsFirst(length, PART_BYTES, fetch);
    const ends = Array.from({ length: perEnd }, (_, i): [number, number] => [lastPart - i * PART_BYTES, Math.min(lastPart - i * PART_BYTES + PART_BYTES, length) - 1]);
    const starts = Array.from({ length: perEnd - 1 }, (_, i): [number, number] => [(i + 1) * PART_BYTES, (i + 2) * PART_BYTES - 1]);
    expect(asked).toEqual([...ends, ...starts]);
    expect((await parts(lastPart, length)).byteLength).toBe(1234);
    expect((await parts(PART_BYTES, PART_BYTES * 2)).byteLength).toBe(PART_BYTES);
    expect(asked).toHaveLength(ends.length + starts.length);
    // A part asked again, or one not fetched early, is fetched as asked.
    await parts(lastPart, length);
    await parts(PART_BYTES * 5, PART_BYTES * 7);
    expect(asked.slice(-2)).toEqual([
      [lastPart, length - 1],
      [PART_BYTES * 5, PART_BYTES * 7 - 1],
    ]);
  });

  it('also asks at once for what the server says is read next (a copy\'s original cross-reference), each part once', () => {
    const { asked, fetch } = recorder();
    withEndsFirst(length, PART_BYTES, fetch, { start: PART_BYTES * 6 + 100, end: PART_BYTES * 7 + 10 });
    const ends = asked.slice(0, perEnd);
    expect(asked.slice(perEnd, perEnd + 2)).toEqual([
      [PART_BYTES * 6, PART_BYTES * 7 - 1],
      [PART_BYTES * 7, PART_BYTES * 8 - 1],
    ]);
    expect(new Set(asked.map(([start]) => start)).size).toBe(asked.length);
    expect(ends[0]).toEqual([lastPart, length - 1]);
    // Within the ends already: nothing more.
    const within = recorder();
    withEndsFirst(length, PART_BYTES, within.fetch, { start: lastPart + 10, end: length - 1 });
    expect(within.asked).toHaveLength(perEnd * 2 - 1);
  });

  it('asks for nothing more when the first part is the whole file, and never twice for a small one', () => {
    const { fetch } = recorder();
    withEndsFirst(PART_BYTES - 10, PART_BYTES - 10, fetch);
    expect(fetch).not.toHaveBeenCalled();
    const small = recorder();
    withEndsFirst(PART_BYTES * 2 + 5, PART_BYTES, small.fetch);
    expect(small.asked).toEqual([
      [PART_BYTES * 2, PART_BYTES * 2 + 4],
      [PART_BYTES, PART_BYTES * 2 - 1],
    ]);
  });

  it('a failed early fetch is no unhandled rejection, and pdf.js asking gets the failure to retry', async () => {
    const fetch = jest.fn(async () => {
      throw new Error('offline');
    });
    const parts = withEndsFirst(length, PART_BYTES, fetch);
    await expect(parts(lastPart, length)).rejects.toThrow('offline');
  });
});
