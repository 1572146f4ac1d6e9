import fontkit from '@pdf-lib/fontkit';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PDFDocument, PDFFont } from 'pdf-lib';

/**
 * Noto Sans and Noto Serif (SIL Open Font License 1.1, see assets/fonts/OFL.txt): the standard PDF
 * fonts cannot encode Vietnamese, so every PDF the system writes embeds one, subset to the glyphs
 * used. Reports use the sans; administrative documents (Decree 30 layout) the serif.
 */
export type FontName = 'NotoSans-Regular' | 'NotoSans-Bold' | 'NotoSerif-Regular' | 'NotoSerif-Bold' | 'NotoSerif-Italic';

const cache = new Map<FontName, Uint8Array>();

/** Where the font files are: next to the built API (webpack copies them) or in this lib's sources. */
function candidates(name: FontName): string[] {
  return [
    process.env['ECABINET_FONT_DIR'] ? join(process.env['ECABINET_FONT_DIR'], `${name}.ttf`) : '',
    join(__dirname, 'assets', 'fonts', `${name}.ttf`),
    join(__dirname, '..', 'assets', 'fonts', `${name}.ttf`),
  ].filter(Boolean);
}

export function fontBytes(name: FontName): Uint8Array {
  const cached = cache.get(name);
  if (cached) return cached;
  const file = candidates(name).find((path) => existsSync(path));
  if (!file) throw new Error(`font ${name} not found (looked in ${candidates(name).join(', ')})`);
  const bytes = new Uint8Array(readFileSync(file));
  cache.set(name, bytes);
  return bytes;
}

export interface DocumentFonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Registers fontkit and embeds both weights, subset. */
export async function embedFonts(document: PDFDocument): Promise<DocumentFonts> {
  document.registerFontkit(fontkit);
  const [regular, bold] = await Promise.all([
    document.embedFont(fontBytes('NotoSans-Regular'), { subset: true }),
    document.embedFont(fontBytes('NotoSans-Bold'), { subset: true }),
  ]);
  return { regular, bold };
}

export interface SerifFonts extends DocumentFonts {
  italic: PDFFont;
}

/** The serif family of administrative documents, subset. */
export async function embedSerifFonts(document: PDFDocument): Promise<SerifFonts> {
  document.registerFontkit(fontkit);
  const [regular, bold, italic] = await Promise.all([
    document.embedFont(fontBytes('NotoSerif-Regular'), { subset: true }),
    document.embedFont(fontBytes('NotoSerif-Bold'), { subset: true }),
    document.embedFont(fontBytes('NotoSerif-Italic'), { subset: true }),
  ]);
  return { regular, bold, italic };
}
