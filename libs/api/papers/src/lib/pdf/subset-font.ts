import fontkit from '@pdf-lib/fontkit';
import { deflateSync } from 'node:zlib';
import type { PdfWriter } from './pdf-writer';
import { serializeNumber } from './pdf-syntax';

type Font = ReturnType<typeof fontkit.create>;
type Glyph = ReturnType<Font['glyphForCodePoint']>;

/** fontkit reads a font's tables lazily on first use; keeping the parsed font pays that once. */
const parsedFonts = new WeakMap<Uint8Array, Font>();

/**
 * A Unicode TrueType font embedded as a subset: Type0 / CIDFontType2 with Identity-H encoding
 * and a ToUnicode map, so that Vietnamese renders and can be searched and extracted. Text is
 * mapped character by character through the font's cmap (precomposed Vietnamese needs no
 * shaping), which keeps a member's copy and a book fast; the subset is written once at the end
 * with object numbers chosen by the caller.
 */
export class SubsetFont {
  private readonly subset: ReturnType<Font['createSubset']>;
  private readonly scale: number;
  /** code point -> [subset glyph id, advance width in 1/1000 em] */
  private readonly mapped = new Map<number, [number, number]>();
  /** subset glyph id -> the text it stands for, for ToUnicode */
  private readonly unicode = new Map<number, string>();
  private readonly advances = new Map<number, number>();

  private constructor(
    private readonly font: Font,
    private readonly baseFont: string,
  ) {
    this.subset = font.createSubset();
    this.scale = 1000 / font.unitsPerEm;
  }

  /** `tag` is the six-letter subset prefix of the font name (ISO 32000-1 §9.6.4). */
  static create(fontBytes: Uint8Array, tag = 'ECABFT'): SubsetFont {
    let font = parsedFonts.get(fontBytes);
    if (!font) {
      font = fontkit.create(fontBytes);
      parsedFonts.set(fontBytes, font);
    }
    return new SubsetFont(font, `${tag}+${(font.postscriptName ?? 'Font').replace(/[^A-Za-z0-9-]/g, '')}`);
  }

  /** The glyphs of `text` as a hex string operand for `Tj`. */
  encode(text: string): string {
    let hex = '<';
    for (const char of text.normalize('NFC')) {
      const codePoint = char.codePointAt(0) as number;
      let entry = this.mapped.get(codePoint);
      if (!entry) {
        const glyph: Glyph = this.font.glyphForCodePoint(codePoint);
        const id = this.subset.includeGlyph(glyph);
        entry = [id, glyph.advanceWidth * this.scale];
        this.mapped.set(codePoint, entry);
        if (id !== 0 && !this.unicode.has(id)) this.unicode.set(id, char);
      }
      hex += entry[0].toString(16).padStart(4, '0');
    }
    return `${hex}>`;
  }

  width(text: string, size: number): number {
    let total = 0;
    for (const char of text.normalize('NFC')) {
      const codePoint = char.codePointAt(0) as number;
      let advance = this.advances.get(codePoint);
      if (advance === undefined) {
        advance = this.font.glyphForCodePoint(codePoint).advanceWidth * this.scale;
        this.advances.set(codePoint, advance);
      }
      total += advance;
    }
    return (total * size) / 1000;
  }

  /** Cuts `text` with an ellipsis so that it fits `maxWidth`. */
  truncateToWidth(text: string, size: number, maxWidth: number): string {
    if (this.width(text, size) <= maxWidth) return text;
    const chars = [...text.normalize('NFC')];
    let cut = chars.length;
    while (cut > 1 && this.width(`${chars.slice(0, cut).join('')}…`, size) > maxWidth) cut = Math.floor(cut * 0.9);
    while (cut < chars.length && this.width(`${chars.slice(0, cut + 1).join('')}…`, size) <= maxWidth) cut++;
    return `${chars.slice(0, cut).join('').trimEnd()}…`;
  }

  /** Greedy word wrap into lines no wider than `maxWidth`. */
  wrap(text: string, size: number, maxWidth: number): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (!line || this.width(candidate, size) <= maxWidth) line = candidate;
      else {
        lines.push(line);
        line = word;
      }
    }
    if (line) lines.push(line);
    return lines.map((l) => this.truncateToWidth(l, size, maxWidth));
  }

  /**
   * Writes the font's five objects numbered from `first` (the Type0 font dictionary is `first`)
   * and returns the next free number. Call after every piece of text has been encoded.
   */
  async write(writer: PdfWriter, first: number): Promise<number> {
    const program = await this.encodeSubset();
    const [cidFont, descriptor, fontFile, toUnicode] = [first + 1, first + 2, first + 3, first + 4];
    const { bbox } = this.font;
    const s = (value: number) => serializeNumber(Math.round(value * this.scale));

    writer.object(first, `<</Type/Font/Subtype/Type0/BaseFont /${this.baseFont}/Encoding/Identity-H/DescendantFonts [${cidFont} 0 R]/ToUnicode ${toUnicode} 0 R>>`);
    const widths = [...new Set([...this.mapped.values()].map(([id, width]) => `${id} [${serializeNumber(Math.round(width))}]`))].join(' ');
    writer.object(
      cidFont,
      `<</Type/Font/Subtype/CIDFontType2/BaseFont /${this.baseFont}/CIDSystemInfo <</Registry (Adobe)/Ordering (Identity)/Supplement 0>>` +
        `/FontDescriptor ${descriptor} 0 R/W [${widths}]/CIDToGIDMap/Identity>>`,
    );
    writer.object(
      descriptor,
      `<</Type/FontDescriptor/FontName /${this.baseFont}/Flags 4/FontBBox [${s(bbox.minX)} ${s(bbox.minY)} ${s(bbox.maxX)} ${s(bbox.maxY)}]` +
        `/ItalicAngle ${serializeNumber(this.font.italicAngle)}/Ascent ${s(this.font.ascent)}/Descent ${s(this.font.descent)}/CapHeight ${s(this.font.capHeight || this.font.ascent)}` +
        `/StemV 80/FontFile2 ${fontFile} 0 R>>`,
    );
    writer.stream(fontFile, `/Length1 ${program.length}/Filter/FlateDecode`, deflateSync(program));
    writer.stream(toUnicode, '/Filter/FlateDecode', deflateSync(Buffer.from(this.toUnicodeCMap(), 'latin1')));
    return first + 5;
  }

  private encodeSubset(): Promise<Buffer> {
    return new Promise((resolve) => {
      const parts: Uint8Array[] = [];
      this.subset
        .encodeStream()
        .on('data', (data) => parts.push(data))
        .on('end', () => resolve(Buffer.concat(parts)));
    });
  }

  private toUnicodeCMap(): string {
    const entries = [...this.unicode].sort(([a], [b]) => a - b);
    let body = '';
    for (let i = 0; i < entries.length; i += 100) {
      const block = entries.slice(i, i + 100);
      body += `${block.length} beginbfchar\n`;
      for (const [id, text] of block) body += `<${id.toString(16).padStart(4, '0')}> <${Buffer.from(text, 'utf16le').swap16().toString('hex')}>\n`;
      body += 'endbfchar\n';
    }
    return (
      '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n' +
      '/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n' +
      '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n' +
      body +
      'endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n'
    );
  }
}
