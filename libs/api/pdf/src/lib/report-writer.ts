import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { embedFonts, type DocumentFonts } from './pdf-fonts';
import { wrapText } from './text-layout';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

export interface TextStyle {
  bold?: boolean;
  size?: number;
  indent?: number;
  color?: [number, number, number];
  align?: 'left' | 'center';
}

/**
 * A flowing A4 document for reports: wrapped text in Noto Sans, automatic page breaks, and a
 * footer with "page x / N" and a line of the caller's (e.g. the result bundle's SHA-256).
 */
export class ReportWriter {
  private page!: PDFPage;
  private y = 0;

  private constructor(
    readonly document: PDFDocument,
    private readonly fonts: DocumentFonts,
  ) {}

  static async create(title: string): Promise<ReportWriter> {
    const document = await PDFDocument.create();
    document.setTitle(title);
    document.setProducer('e-Cabinet');
    document.setCreator('e-Cabinet');
    const writer = new ReportWriter(document, await embedFonts(document));
    writer.newPage();
    return writer;
  }

  private get width(): number {
    return A4[0] - 2 * MARGIN;
  }

  private newPage(): void {
    this.page = this.document.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  private font(style: TextStyle): PDFFont {
    return style.bold ? this.fonts.bold : this.fonts.regular;
  }

  text(content: string, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    const indent = style.indent ?? 0;
    const font = this.font(style);
    const lineHeight = size * 1.35;
    for (const line of wrapText(content, font, size, this.width - indent)) {
      if (this.y - lineHeight < MARGIN + 24) this.newPage();
      this.y -= lineHeight;
      const x = style.align === 'center' ? MARGIN + (this.width - font.widthOfTextAtSize(line, size)) / 2 : MARGIN + indent;
      this.page.drawText(line, { x, y: this.y, size, font, color: rgb(...(style.color ?? [0.1, 0.1, 0.12])) });
    }
  }

  gap(points = 8): void {
    this.y -= points;
  }

  rule(): void {
    if (this.y - 10 < MARGIN + 24) this.newPage();
    this.y -= 6;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + this.width, y: this.y }, thickness: 0.5, color: rgb(0.6, 0.6, 0.65) });
    this.y -= 4;
  }

  /** Starts the next block on a new page. */
  pageBreak(): void {
    this.newPage();
  }

  /** Keeps the next block together when less than `points` remain on the page. */
  keep(points: number): void {
    if (this.y - points < MARGIN + 24) this.newPage();
  }

  async finish(footer: string): Promise<Uint8Array> {
    const pages = this.document.getPages();
    pages.forEach((page, index) => {
      const label = `${index + 1} / ${pages.length}`;
      page.drawText(label, { x: A4[0] - MARGIN - this.fonts.regular.widthOfTextAtSize(label, 8), y: MARGIN - 20, size: 8, font: this.fonts.regular, color: rgb(0.4, 0.4, 0.45) });
      page.drawText(footer, { x: MARGIN, y: MARGIN - 20, size: 7, font: this.fonts.regular, color: rgb(0.4, 0.4, 0.45) });
    });
    return this.document.save();
  }
}
