import { type PdfDict, PdfName, PdfParser, PdfRef, PdfString, rewriteRefs, serializeValue, textString } from './pdf-syntax';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('PDF syntax', () => {
  it('parses dictionaries, arrays, references, strings and names', () => {
    const value = new PdfParser(bytes('<</Type/Page/Kids [3 0 R 4 0 R]/Title (a \\(1 0 R\\) b)/N#20ame 12.5/Hex <414243>/Neg -2>>')).parseValue() as PdfDict;
    expect(value.name('Type')).toBe('Page');
    expect(value.get('Kids')).toEqual([new PdfRef(3, 0), new PdfRef(4, 0)]);
    expect(value.get('Title')).toEqual(new PdfString('(a \\(1 0 R\\) b)'));
    expect(value.get('N ame')).toBe(12.5);
    expect(value.get('Neg')).toBe(-2);
    expect(serializeValue(value)).toBe('<</Type /Page/Kids [3 0 R 4 0 R]/Title (a \\(1 0 R\\) b)/N#20ame 12.5/Hex <414243>/Neg -2>>');
    expect(PdfName.of('Page')).toBe(PdfName.of('Page'));
  });

  it('renumbers references in place and nothing that merely looks like one', () => {
    const source = '<</A 1 0 R/B [2 0 R 12 5 R]/S (3 0 R)/H <3020>/C 4 0 /R 5 0 R>> % 6 0 R';
    const map = new Map([[1, 101], [2, 102], [12, 112], [5, 105]]);
    const out = rewriteRefs(bytes(source), 0, source.length, (num) => (map.has(num) ? `${map.get(num)} 0 R` : null)).toString('latin1');
    expect(out).toBe('<</A 101 0 R/B [102 0 R 112 0 R]/S (3 0 R)/H <3020>/C 4 0 /R 105 0 R>> % 6 0 R');
  });

  it('writes refused references as null, and Vietnamese text strings as UTF-16', () => {
    expect(rewriteRefs(bytes('[7 0 R]'), 0, 7, () => null).toString('latin1')).toBe('[null]');
    expect(textString('Mục lục')).toBe('<FEFF004D1EE500630020006C1EE50063>');
    expect(textString('Plain (ASCII)')).toBe('(Plain \\(ASCII\\))');
  });
});
