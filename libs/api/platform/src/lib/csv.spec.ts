import { csvBytes, inertCell } from './csv';

describe('csvBytes', () => {
  it('writes a BOM, CRLF line ends and every field quoted, quotes doubled, Vietnamese intact', () => {
    const text = csvBytes([
      ['Người gửi', 'Nội dung'],
      ['Bộ trưởng', 'Tôi nói "đồng ý", có dấu phẩy'],
    ]).toString('utf8');
    expect(text).toBe('\uFEFF"Người gửi","Nội dung"\r\n"Bộ trưởng","Tôi nói ""đồng ý"", có dấu phẩy"\r\n');
  });

  it('makes a cell a spreadsheet would run as a formula inert, and leaves other text alone', () => {
    expect(['=1+1', '+SUM(A1)', '-2', '@cmd', '\tx', '\rx', 'a=b', ' =x'].map(inertCell)).toEqual(["'=1+1", "'+SUM(A1)", "'-2", "'@cmd", "'\tx", "'\rx", 'a=b', ' =x']);
    expect(csvBytes([['=HYPERLINK("http://x")']]).toString('utf8')).toBe('\uFEFF"\'=HYPERLINK(""http://x"")"\r\n');
  });
});
