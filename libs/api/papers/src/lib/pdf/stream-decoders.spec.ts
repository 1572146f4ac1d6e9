import { decodePDFRawStream, type PDFDict, PDFContext, PDFName, PDFRawStream } from 'pdf-lib';
import { lzwEncode, lzwRun } from '../../testing';
import { createDecoder, type ExpandingFilter } from './stream-decoders';

/** pdf-lib's own decoder of the same data: the reference these are checked against. */
function reference(filter: string, data: Buffer): Buffer {
  const context = PDFContext.create();
  const dict = context.obj({ Filter: PDFName.of(filter) }) as PDFDict;
  return Buffer.from(decodePDFRawStream(PDFRawStream.of(dict, data)).decode());
}

/** Decoded whole, and one byte at a time: the two must agree (state carries across pieces). */
function decode(filter: ExpandingFilter, data: Buffer): { whole: Buffer; bytewise: Buffer } {
  const whole = createDecoder(filter);
  const first = Buffer.concat([whole.write(data), whole.end()]);
  const bytewise = createDecoder(filter);
  const parts: Buffer[] = [];
  for (const byte of data) parts.push(bytewise.write(Buffer.from([byte])));
  parts.push(bytewise.end());
  return { whole: first, bytewise: Buffer.concat(parts) };
}

const text = Buffer.from('Nghị quyết phiên họp Chính phủ thường kỳ tháng 12 năm 2026. '.repeat(200), 'utf8');

describe('incremental stream decoders', () => {
  it('decode LZW (9 to 12-bit codes, table resets) as pdf-lib does', () => {
    const mixed = Buffer.concat([text, Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 251))]);
    const encoded = lzwEncode(mixed);
    expect(reference('LZWDecode', encoded).equals(mixed)).toBe(true);
    const { whole, bytewise } = decode('LZWDecode', encoded);
    expect(whole.equals(mixed)).toBe(true);
    expect(bytewise.equals(mixed)).toBe(true);
  });

  it('decode a run written straight as LZW (the bombs of the corpus) as pdf-lib does', () => {
    const run = lzwRun(0x20, 5 * 1024 * 1024);
    const expected = reference('LZWDecode', run);
    expect(expected.length).toBeGreaterThanOrEqual(5 * 1024 * 1024);
    expect(expected.every((byte) => byte === 0x20)).toBe(true);
    expect(run.length).toBeLessThan(expected.length / 1000);
    expect(decode('LZWDecode', run).whole.equals(expected)).toBe(true);
  });

  it('decode ASCIIHex, ASCII85 and RunLength as pdf-lib does', () => {
    const samples: [ExpandingFilter, Buffer][] = [
      ['ASCIIHexDecode', Buffer.from(`${text.toString('hex').replace(/(.{64})/g, '$1\n')}A>`, 'latin1')],
      ['ASCII85Decode', Buffer.from('87cURD]i,"Ebo80z9jqo^F*2M7/c~>', 'latin1')],
      ['RunLengthDecode', Buffer.from([2, 0x41, 0x42, 0x43, 0xfe, 0x20, 0, 0x0a, 128, 0x41])],
    ];
    for (const [filter, data] of samples) {
      const expected = reference(filter, data);
      expect(expected.length).toBeGreaterThan(0);
      const { whole, bytewise } = decode(filter, data);
      expect({ filter, whole: whole.toString('hex') }).toEqual({ filter, whole: expected.toString('hex') });
      expect({ filter, bytewise: bytewise.toString('hex') }).toEqual({ filter, bytewise: expected.toString('hex') });
    }
  });

  it('stop at corrupt data instead of failing', () => {
    const lzw = createDecoder('LZWDecode');
    lzw.write(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    expect(lzw.done).toBe(true);
    const hex = createDecoder('ASCIIHexDecode');
    expect(hex.write(Buffer.from('4142zz43', 'latin1')).toString('latin1')).toBe('AB');
    expect(hex.done).toBe(true);
  });
});
