import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdministrativeDocument, vietnameseDateLine } from './administrative-document';

describe('the Decree 30 layout', () => {
  it('writes the date as Vietnamese documents do, in Vietnam whatever the server’s zone', () => {
    expect(vietnameseDateLine('Hà Nội', new Date('2026-12-04T03:00:00Z'))).toBe('Hà Nội, ngày 04 tháng 12 năm 2026');
    // 20:00 UTC on 31 January is 1 February in Hà Nội; January and February keep their zero.
    expect(vietnameseDateLine('Hà Nội', new Date('2027-01-31T20:00:00Z'))).toBe('Hà Nội, ngày 01 tháng 02 năm 2027');
    expect(vietnameseDateLine('Huế', new Date('2027-03-15T02:00:00Z'))).toBe('Huế, ngày 15 tháng 3 năm 2027');
  });

  it('writes a PDF qpdf accepts, whose text holds the heading and the diacritics intact', async () => {
    const writer = await AdministrativeDocument.create(
      { issuingBody: 'CHÍNH PHỦ', number: 'Số: 05/BB-CP', place: 'Hà Nội', date: new Date('2026-12-04T03:00:00Z'), title: 'BIÊN BẢN', subtitle: 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026' },
      'Biên bản',
    );
    writer.heading('I. THÀNH PHẦN THAM DỰ');
    for (let i = 0; i < 60; i += 1) writer.paragraph(`Đoạn ${i + 1}: Chính phủ thống nhất thông qua; giao Bộ Tài chính chủ trì, phối hợp với các bộ, ngành liên quan tiếp thu, hoàn thiện.`);
    writer.signatures([
      { capacity: 'THƯ KÝ', name: 'Trần Thị Thu Hà' },
      { capacity: 'CHỦ TỌA', name: 'Nguyễn Văn Minh' },
    ]);
    const pdf = await writer.finish('e-Cabinet');
    const dir = mkdtempSync(join(tmpdir(), 'decree30-'));
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    execFileSync('qpdf', ['--check', join(dir, 'doc.pdf')]);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'doc.pdf'), '-']).toString().normalize('NFC');
    for (const expected of ['CHÍNH PHỦ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 05/BB-CP', 'Hà Nội, ngày 04 tháng 12 năm 2026', 'BIÊN BẢN', 'THÀNH PHẦN THAM DỰ', 'Nguyễn Văn Minh', 'Đoạn 60']) {
      expect(text).toContain(expected);
    }
    expect(execFileSync('pdfinfo', [join(dir, 'doc.pdf')]).toString()).toMatch(/Pages:\s+[2-9]/);
  });
});
