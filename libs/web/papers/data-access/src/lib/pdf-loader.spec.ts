import { PART_BYTES, PREFETCH_BYTES, readFirstRanges, withEndsFirst } from './pdf-loader';

describe('withEndsFirst', () => {
  const length = PART_BYTES * 40 + 1234;
  const lastPart = PART_BYTES * 40;
  /** The file's byte at `offset`: a pattern that shows a part cut at the wrong place. */
  const byteAt = (offset: number) => (offset * 7 + (offset >> 16)) % 251;

  function recorder() {
    const asked: [number, number][] = [];
    const fetch = jest.fn(async (start: number, end: number) => {
      asked.push([start, end]);
      return Uint8Array.from({ length: end - start + 1 }, (_, i) => byteAt(start + i)).buffer;
    });
    return { asked, fetch };
  }
  const isFile = (bytes: ArrayBuffer, start: number) => new Uint8Array(bytes).every((value, i) => value === byteAt(start + i));

  it('asks at once for the end and for what the server lists, neighbouring parts in one request, and hands pdf.js each part once', async () => {
    const { asked, fetch } = recorder();
    // The list: a range across two parts, one near the start, and one just before the end.
    const parts = withEndsFirst(length, PART_BYTES, fetch, [
      { start: PART_BYTES * 6 + 100, end: PART_BYTES * 7 + 10 },
      { start: 50, end: PART_BYTES + 20 },
      { start: PART_BYTES * 39 + 5, end: PART_BYTES * 39 + 10 },
    ]);
    expect(asked).toEqual([
      [PART_BYTES, PART_BYTES * 2 - 1],
      [PART_BYTES * 6, PART_BYTES * 8 - 1],
      [PART_BYTES * 39, length - 1],
    ]);
    // pdf.js asks part by part, or for neighbouring parts at once: served from those requests.
    const last = await parts(lastPart, length);
    expect([last.byteLength, isFile(last, lastPart)]).toEqual([1234, true]);
    const two = await parts(PART_BYTES * 6, PART_BYTES * 8);
    expect([two.byteLength, isFile(two, PART_BYTES * 6)]).toEqual([PART_BYTES * 2, true]);
    const second = await parts(PART_BYTES, PART_BYTES * 2);
    expect([second.byteLength, isFile(second, PART_BYTES)]).toEqual([PART_BYTES, true]);
    expect(asked).toHaveLength(3);
    // Parts not asked for ahead, or asked for again, are fetched as asked, with the ones kept between them.
    const mixed = await parts(PART_BYTES * 38, length);
    expect([mixed.byteLength, isFile(mixed, PART_BYTES * 38)]).toEqual([PART_BYTES * 2 + 1234, true]);
    expect(asked.slice(3)).toEqual([
      [PART_BYTES * 38, PART_BYTES * 39 - 1],
      [lastPart, length - 1],
    ]);
    await parts(PART_BYTES * 20, PART_BYTES * 22);
    expect(asked.slice(5)).toEqual([[PART_BYTES * 20, PART_BYTES * 22 - 1]]);
  });

  it("without the server's list, asks for the file's last and first PREFETCH_BYTES", () => {
    const { asked, fetch } = recorder();
    withEndsFirst(length, PART_BYTES, fetch);
    expect(asked).toEqual([
      [PART_BYTES, PREFETCH_BYTES - 1],
      [Math.floor((length - PREFETCH_BYTES) / PART_BYTES) * PART_BYTES, length - 1],
    ]);
  });

  it('asks for nothing more when the first part is the whole file, and never for what the first part holds', () => {
    const { fetch } = recorder();
    withEndsFirst(PART_BYTES - 10, PART_BYTES - 10, fetch, [{ start: 0, end: PART_BYTES - 11 }]);
    expect(fetch).not.toHaveBeenCalled();
    const small = recorder();
    withEndsFirst(PART_BYTES * 3 + 5000, PART_BYTES, small.fetch, [{ start: 10, end: 20 }]);
    expect(small.asked).toEqual([[PART_BYTES * 3, PART_BYTES * 3 + 4999]]);
  });

  it('a failed early fetch is no unhandled rejection, and pdf.js asking gets the failure to retry', async () => {
    const fetch = jest.fn(async () => {
      throw new Error('offline');
    });
    const parts = withEndsFirst(length, PART_BYTES, fetch, [{ start: 0, end: 10 }]);
    await expect(parts(lastPart, length)).rejects.toThrow('offline');
  });
});

describe('readFirstRanges', () => {
  it('reads the header’s ranges within the file and drops what is not one', () => {
    expect(readFirstRanges('0-99, 500-700,x-1,90-80,1000-99999', 2000)).toEqual([
      { start: 0, end: 99 },
      { start: 500, end: 700 },
      { start: 1000, end: 1999 },
    ]);
    expect(readFirstRanges(null, 100)).toEqual([]);
  });
});
