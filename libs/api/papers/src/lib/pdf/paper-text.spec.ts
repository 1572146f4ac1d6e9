import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '@ecabinet/api/platform';
import { textPaper } from '../../testing';
import { PdfWorkers } from '../pdf-workers';
import { pageText } from './paper-text';

describe('paper text', () => {
  it("reads each page's Vietnamese text in a worker thread (pdf.js), a page without text as empty", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paper-text-'));
    const workers = new PdfWorkers({ papers: { workerMemoryMb: 512 } } as AppConfig);
    try {
      const path = join(dir, 'paper.pdf');
      writeFileSync(path, await textPaper(['Tờ trình về giải ngân\nvốn đầu tư công', '', 'Đà Nẵng']));
      const progress: number[] = [];
      const { pages } = await workers.run({ kind: 'text', path }, { timeoutMs: 60_000, onProgress: (done) => progress.push(done) });
      expect(pages).toEqual(['Tờ trình về giải ngân\nvốn đầu tư công', '', 'Đà Nẵng']);
      expect(progress).toEqual([3]);
    } finally {
      await workers.onApplicationShutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('joins text items, keeps line ends, folds white space and composes marks', () => {
    expect(pageText([{ str: 'Nghi\u0323  ', hasEOL: false }, { str: 'đi\u0323nh', hasEOL: true }, { str: '  số 12', hasEOL: false }])).toBe('Nghị định\nsố 12');
  });
});
