import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BallotBundle } from '@ecabinet/shared/contracts';
import { renderBallotReport } from './ballot-report';

/** A ballot issued at 09:00 and due at 17:00 Hanoi time, nobody has answered yet. */
const bundle: BallotBundle = {
  format: 'ecabinet.ballot-bundle/3',
  ballot: {
    id: 'b-1',
    version: 1,
    title: 'Dự thảo Nghị định',
    summary: 'Tóm tắt.',
    questions: [],
    deadline: '2026-12-01T10:00:00.000Z',
    silenceRule: 'none',
    issuedAt: '2026-11-30T02:00:00.000Z',
    closedAt: null,
    chairId: null,
    papers: [],
  },
  recipients: [],
  answers: [],
  certificates: [],
  crls: [],
  outcome: [],
};
const file = { name: 'ballot-b-1.json', text: '{"format":"ecabinet.ballot-bundle/3"}', sha256: 'a'.repeat(64) };

function text(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'ballot-report-'));
  try {
    writeFileSync(join(dir, 'report.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'report.pdf'), '-']).toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('renderBallotReport', () => {
  it('prints times on the clock of TIMEZONE, not the server process zone', async () => {
    const hanoi = text(await renderBallotReport(bundle, file, new Date('2026-12-01T11:00:00.000Z'), 'Asia/Ho_Chi_Minh', { demo: false }));
    expect(hanoi).toContain('Phát hành: 09:00:00 30/11/2026');
    expect(hanoi).toContain('Hạn trả lời: 17:00:00 1/12/2026');
    expect(hanoi).toContain('Lập lúc 18:00:00 1/12/2026.');
    expect(hanoi).toContain(`SHA-256 của tệp: ${'a'.repeat(64)}`);
    expect(hanoi).not.toContain('DEMO');

    const paris = text(await renderBallotReport(bundle, file, new Date('2026-12-01T11:00:00.000Z'), 'Europe/Paris', { demo: true }));
    expect(paris).toContain('Hạn trả lời: 11:00:00 1/12/2026');
    expect(paris.split('\f')[0]).toContain('BẢN DEMO');
  });
});
