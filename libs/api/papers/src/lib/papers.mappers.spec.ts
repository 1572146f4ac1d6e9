import { contentDisposition, copyFileName, uploadedFileName } from './file-names';
import type { PaperEntity, PaperVersionEntity } from './entities';
import { toPaperResponse } from './papers.mappers';

const paper = {
  id: 'p1',
  meetingId: 'm1',
  itemId: 'i1',
  title: 'Tờ trình',
  classification: 'confidential',
  position: 0,
  currentVersion: 2,
  revision: 3,
  createdBy: 'u1',
  createdAt: new Date('2026-11-01T00:00:00Z'),
  updatedAt: new Date('2026-11-02T00:00:00Z'),
  internalNote: 'never sent',
} as PaperEntity;
const version = (n: number) =>
  ({ paperId: 'p1', version: n, sha256: 'a'.repeat(64), sizeBytes: 10, pageCount: 1, fileName: 'a.pdf', uploadedBy: 'u1', uploadedAt: new Date('2026-11-01T00:00:00Z') }) as PaperVersionEntity;

describe('toPaperResponse', () => {
  it('whitelists fields and shows versions and readers to the secretariat only', () => {
    const forMember = toPaperResponse({ paper, versions: [version(2)], readerIds: ['u2'], lastReadVersion: 1, secretariat: false });
    expect(Object.keys(forMember).sort()).toEqual(
      ['canDownload', 'changedSinceRead', 'classification', 'current', 'id', 'itemId', 'meetingId', 'myLastReadVersion', 'position', 'readerIds', 'revision', 'title', 'updatedAt', 'versions'].sort(),
    );
    expect(forMember).toMatchObject({ versions: null, readerIds: null, changedSinceRead: true, canDownload: false, current: { version: 2 } });
    const forSecretariat = toPaperResponse({ paper, versions: [version(1), version(2)], readerIds: ['u3', 'u2'], lastReadVersion: null, secretariat: true });
    expect(forSecretariat.versions?.map((v) => v.version)).toEqual([2, 1]);
    expect(forSecretariat).toMatchObject({ readerIds: ['u2', 'u3'], changedSinceRead: false });
  });
});

describe('file names', () => {
  it('keeps Vietnamese, drops paths and control characters, and gives an ASCII fallback in Content-Disposition', () => {
    expect(uploadedFileName('C:\\fakepath/../Tờ trình\u0007.pdf')).toBe('Tờ trình.pdf');
    expect(uploadedFileName(undefined)).toBe('paper.pdf');
    expect(copyFileName('Báo cáo: quý 3/2026.pdf')).toBe('Báo cáo  quý 3 2026.pdf');
    expect(contentDisposition('attachment', 'Đề án "số" 1.pdf')).toBe(
      `attachment; filename="De an _so_ 1.pdf"; filename*=UTF-8''${encodeURIComponent('Đề án "số" 1.pdf')}`,
    );
  });
});
