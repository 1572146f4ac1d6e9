import { PDFDocument } from 'pdf-lib';
import { embedFonts } from './pdf-fonts';
import { wrapText } from './text-layout';

describe('wrapText with Noto Sans', () => {
  it('wraps Vietnamese text to the width, keeps every word and explicit line breaks', async () => {
    const { regular } = await embedFonts(await PDFDocument.create());
    const text = 'Báo cáo tình hình kinh tế - xã hội tháng 11 và 11 tháng năm 2026\nDự án Luật Ngân sách nhà nước';
    const lines = wrapText(text, regular, 10, 120);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(regular.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(120);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
  });

  it('cuts a single word longer than the line', async () => {
    const { regular } = await embedFonts(await PDFDocument.create());
    const lines = wrapText('x'.repeat(200), regular, 10, 50);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe('x'.repeat(200));
  });
});
