import { contentDisposition, copyFileName, uploadedFileName } from './file-names';
import type { PaperAnnotationEntity, PaperEntity, PaperVersionEntity } from './entities';
import { toAnnotationResponse, toPaperResponse } from './papers.mappers';

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

describe('toAnnotationResponse', () => {
  const annotation = (version: number, page: number) =>
    ({
      id: 'a1',
      paperId: 'p1',
      userId: 'u1',
      version,
      page,
      kind: 'highlight',
      text: '',
      rects: [{ x: 0.1, y: 0.2, width: 0.3, height: 0.05, extra: 'never sent' }],
      color: 'green',
      revision: 2,
      createdAt: new Date('2026-11-01T00:00:00Z'),
      updatedAt: new Date('2026-11-02T00:00:00Z'),
    }) as PaperAnnotationEntity;

  it('whitelists fields, including inside rectangles, and never names the author', () => {
    const response = toAnnotationResponse(annotation(1, 1), { version: 1, pageCount: 3 });
    expect(Object.keys(response).sort()).toEqual(
      ['carriedOver', 'color', 'createdAt', 'id', 'kind', 'page', 'pageMissing', 'paperId', 'rects', 'revision', 'text', 'updatedAt', 'version'].sort(),
    );
    expect(response.rects).toEqual([{ x: 0.1, y: 0.2, width: 0.3, height: 0.05 }]);
  });

  it('carries an annotation over to a new version while its page exists, and flags it when the page is gone', () => {
    const flags = (version: number, page: number) => {
      const { carriedOver, pageMissing } = toAnnotationResponse(annotation(version, page), { version: 2, pageCount: 3 });
      return { carriedOver, pageMissing };
    };
    expect(flags(2, 3)).toEqual({ carriedOver: false, pageMissing: false });
    expect(flags(1, 3)).toEqual({ carriedOver: true, pageMissing: false });
    expect(flags(1, 4)).toEqual({ carriedOver: false, pageMissing: true });
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
