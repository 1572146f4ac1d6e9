import { badPapers, emptyPages, samplePaper } from '../../testing';
import { inspectPaper, PaperRefusedError } from './paper-inspector';

const limits = { maxPages: 5000, maxObjects: 500_000 };

async function refusal(bytes: Buffer, options = limits): Promise<string> {
  try {
    await inspectPaper(bytes, options);
  } catch (error) {
    if (error instanceof PaperRefusedError) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('inspectPaper', () => {
  it('accepts a paper with a classic table or with cross-reference and object streams, and indexes every page', async () => {
    for (const objectStreams of [false, true]) {
      const result = await inspectPaper(await samplePaper({ pages: 5, objectStreams }), limits);
      expect(result.pageCount).toBe(5);
      expect(result.index.pages).toHaveLength(5);
      expect(result.index.xrefIsStream).toBe(objectStreams);
      expect(result.index.pages[0].box).toEqual([0, 0, 595.28, 841.89]);
    }
  });

  it('refuses each bad file for the right reason', async () => {
    const bad = await badPapers();
    expect(await refusal(bad.empty)).toBe('not-pdf');
    expect(await refusal(bad.html)).toBe('not-pdf');
    expect(await refusal(bad.truncated)).toBe('damaged');
    expect(await refusal(bad.brokenXref)).toBe('damaged');
    expect(await refusal(bad.encrypted)).toBe('encrypted');
    expect(await refusal(bad.garbage)).toBe('damaged');
  });

  it('refuses more pages than allowed, and accepts them within the limit', async () => {
    const pages = emptyPages(10_000);
    expect(await refusal(pages)).toBe('too-complex');
    expect((await inspectPaper(pages, { ...limits, maxPages: 10_000 })).pageCount).toBe(10_000);
  });
});
