import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { embedSerifFonts, type SerifFonts } from './pdf-fonts';
import { wrapText } from './text-layout';

const MM = 72 / 25.4;
const A4: [number, number] = [210 * MM, 297 * MM];
/** Decree 30/2020/NĐ-CP, Annex I: top and bottom 20 mm, left 30 mm, right 15 mm. */
const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const INK = rgb(0, 0, 0);
const BODY = 13;

export interface AdministrativeHeader {
  /** The issuing body, upper case: "CHÍNH PHỦ", "VĂN PHÒNG CHÍNH PHỦ". */
  issuingBody: string;
  /** "Số: 05/BB-CP"; a draft says so instead. */
  number: string;
  /** "Hà Nội". */
  place: string;
  /** The document's date, written in `timeZone` (default Vietnam's). */
  date: Date;
  timeZone?: string;
  /** The kind of document, upper case: "BIÊN BẢN", "NGHỊ QUYẾT". */
  title: string;
  /** What it is about, under the title. */
  subtitle?: string;
}

export interface Signatory {
  /** The capacity, upper case: "CHỦ TỌA", "THƯ KÝ". */
  capacity: string;
  name: string;
}

/**
 * "Hà Nội, ngày 04 tháng 12 năm 2026" (Decree 30: days below 10 and the months January and
 * February take a leading zero), in Vietnam's time zone whatever the server's.
 */
export function vietnameseDateLine(place: string, date: Date, timeZone = 'Asia/Ho_Chi_Minh'): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(date);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const day = part('day');
  const month = part('month');
  return `${place}, ngày ${String(day).padStart(2, '0')} tháng ${month < 3 ? String(month).padStart(2, '0') : month} năm ${part('year')}`;
}

/**
 * An administrative document in the layout of Decree 30/2020/NĐ-CP: the issuing body and number
 * at top left, the national title and motto at top right, place and date, the title, the body in
 * 13-point serif with first-line indents, and the signature block. Pages flow; each is numbered.
 */
export class AdministrativeDocument {
  private page!: PDFPage;
  private y = 0;

  private constructor(
    readonly document: PDFDocument,
    private readonly fonts: SerifFonts,
  ) {}

  static async create(header: AdministrativeHeader, metadataTitle: string): Promise<AdministrativeDocument> {
    const document = await PDFDocument.create();
    document.setTitle(metadataTitle);
    document.setProducer('e-Cabinet');
    document.setCreator('e-Cabinet');
    document.setLanguage('vi-VN');
    const writer = new AdministrativeDocument(document, await embedSerifFonts(document));
    writer.newPage();
    writer.header(header);
    return writer;
  }

  private get width(): number {
    return A4[0] - MARGIN.left - MARGIN.right;
  }

  private newPage(): void {
    this.page = this.document.addPage(A4);
    this.y = A4[1] - MARGIN.top;
  }

  private centred(text: string, font: PDFFont, size: number, centre: number, underline = false): void {
    const width = font.widthOfTextAtSize(text, size);
    this.page.drawText(text, { x: centre - width / 2, y: this.y, size, font, color: INK });
    if (underline) {
      this.page.drawLine({ start: { x: centre - width / 2, y: this.y - 5 }, end: { x: centre + width / 2, y: this.y - 5 }, thickness: 0.6, color: INK });
    }
  }

  private header(header: AdministrativeHeader): void {
    const { regular, bold, italic } = this.fonts;
    const leftCentre = MARGIN.left + this.width * 0.2;
    const rightCentre = MARGIN.left + this.width * 0.68;
    const top = this.y;
    // Left: the issuing body, a short rule, the number.
    this.y = top - 13;
    this.centred(header.issuingBody, bold, 13, leftCentre);
    this.page.drawLine({ start: { x: leftCentre - 22, y: this.y - 8 }, end: { x: leftCentre + 22, y: this.y - 8 }, thickness: 0.6, color: INK });
    this.y -= 24;
    this.centred(header.number, regular, 13, leftCentre);
    // Right: the national title, the motto underlined, place and date in italics.
    this.y = top - 13;
    this.centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold, 12, rightCentre);
    this.y -= 16;
    this.centred('Độc lập - Tự do - Hạnh phúc', bold, 13, rightCentre, true);
    this.y -= 24;
    this.centred(vietnameseDateLine(header.place, header.date, header.timeZone), italic, 13, rightCentre);
    // The title, centred over the body.
    this.y -= 40;
    this.centred(header.title, bold, 14, MARGIN.left + this.width / 2);
    if (header.subtitle) {
      for (const line of wrapText(header.subtitle, bold, 13, this.width * 0.85)) {
        this.y -= 18;
        this.centred(line, bold, 13, MARGIN.left + this.width / 2);
      }
    }
    this.y -= 18;
  }

  private ensure(points: number): void {
    if (this.y - points < MARGIN.bottom + 18) this.newPage();
  }

  /** A paragraph of the body: first line indented, wrapped, flowing to the next page. */
  paragraph(text: string, style: { bold?: boolean; italic?: boolean; indent?: number; size?: number } = {}): void {
    const size = style.size ?? BODY;
    const font = style.bold ? this.fonts.bold : style.italic ? this.fonts.italic : this.fonts.regular;
    const indent = style.indent ?? 0;
    const firstLine = 10 * MM;
    const lineHeight = size * 1.35;
    for (const block of text.split(/\r?\n/)) {
      const lines = wrapText(block, font, size, this.width - indent - firstLine);
      // Lines after the first may use the full width: re-wrap the rest.
      const [first = '', ...others] = lines;
      const rest = others.length ? wrapText(others.join(' '), font, size, this.width - indent) : [];
      [first, ...rest].forEach((line, index) => {
        this.ensure(lineHeight);
        this.y -= lineHeight;
        this.page.drawText(line, { x: MARGIN.left + indent + (index === 0 ? firstLine : 0), y: this.y, size, font, color: INK });
      });
      this.y -= 3;
    }
  }

  /** A section heading in bold, kept with at least a few lines of what follows. */
  heading(text: string): void {
    this.ensure(BODY * 5);
    this.y -= 6;
    for (const line of wrapText(text, this.fonts.bold, BODY, this.width)) {
      this.y -= BODY * 1.35;
      this.page.drawText(line, { x: MARGIN.left, y: this.y, size: BODY, font: this.fonts.bold, color: INK });
    }
    this.y -= 3;
  }

  /**
   * Signatories side by side (the last on the right), capacity in bold (lines split on "\n", as in
   * "TM. CHÍNH PHỦ\nTHỦ TƯỚNG") over the name; a single one signs on the right. `recipients`
   * ("Nơi nhận"), when given, goes at the bottom left beside a single signature.
   */
  signatures(signatories: readonly Signatory[], recipients: readonly string[] = []): void {
    this.ensure(130 + recipients.length * 14);
    this.y -= 24;
    const top = this.y;
    const slots = signatories.length;
    signatories.forEach((signatory, index) => {
      const centre = slots === 1 ? MARGIN.left + this.width * 0.72 : MARGIN.left + (this.width * (index + 0.5)) / slots;
      this.y = top;
      signatory.capacity.split('\n').forEach((line, lineIndex) => {
        if (lineIndex > 0) this.y -= 16;
        this.centred(line, this.fonts.bold, 13, centre);
      });
      this.y -= 72;
      this.centred(signatory.name, this.fonts.bold, 13, centre);
    });
    const bottom = this.y;
    if (recipients.length) {
      this.y = top;
      this.page.drawText('Nơi nhận:', { x: MARGIN.left, y: this.y, size: 12, font: this.fonts.italic, color: INK });
      for (const line of recipients) {
        this.y -= 14;
        this.page.drawText(line, { x: MARGIN.left, y: this.y, size: 11, font: this.fonts.regular, color: INK });
      }
    }
    this.y = Math.min(bottom, this.y) - 18;
  }

  /** A line centred in bold ("QUYẾT NGHỊ:"). */
  centredHeading(text: string): void {
    this.ensure(BODY * 4);
    this.y -= BODY * 1.8;
    this.centred(text, this.fonts.bold, BODY + 1, MARGIN.left + this.width / 2);
    this.y -= 6;
  }

  async finish(footer: string): Promise<Uint8Array> {
    const pages = this.document.getPages();
    pages.forEach((page, index) => {
      if (pages.length > 1) {
        const label = String(index + 1);
        page.drawText(label, { x: (A4[0] - this.fonts.regular.widthOfTextAtSize(label, 11)) / 2, y: A4[1] - MARGIN.top / 2, size: 11, font: this.fonts.regular, color: INK });
      }
      page.drawText(footer, { x: MARGIN.left, y: MARGIN.bottom / 2, size: 7, font: this.fonts.regular, color: rgb(0.4, 0.4, 0.45) });
    });
    return this.document.save();
  }
}
