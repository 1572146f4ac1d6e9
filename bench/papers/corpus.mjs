// Deterministic corpus of meeting papers for the papers bench: the same bytes on every run.
// 20 papers of 10–60 pages (1,000 pages in all) with text on every page and a photograph-like
// image on about one page in three, plus one 300-page paper. Half the papers use object
// streams and a cross-reference stream (what most producers write today), half a classic table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { concatTransformationMatrix, drawObject, PDFDocument, popGraphicsState, pushGraphicsState, rgb, StandardFonts } from 'pdf-lib';

/** mulberry32: a tiny seeded generator, so the corpus never changes. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'chinh phu nghi dinh du thao bao cao to trinh bo nganh dia phuong quy dinh thuc hien ' +
  'ke hoach ngan sach dau tu cong chuyen doi so hanh chinh cai cach thu tuc kinh te xa hoi ' +
  'tang truong phat trien ben vung an sinh giao duc y te moi truong nong nghiep cong nghiep'
).split(' ');

function sentence(next, words) {
  const out = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(next() * WORDS.length)]);
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return `${out.join(' ')}.`;
}

/** A smooth, slightly noisy RGB picture: compresses like a scanned photograph, not like a flat fill. */
function picture(next, width, height) {
  const pixels = Buffer.alloc(width * height * 3);
  const fx = 2 + next() * 6;
  const fy = 2 + next() * 6;
  const hue = next();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = 0.5 + 0.25 * Math.sin((x / width) * fx * Math.PI) + 0.25 * Math.cos((y / height) * fy * Math.PI);
      const noise = (next() - 0.5) * 0.05;
      const o = (y * width + x) * 3;
      pixels[o] = Math.max(0, Math.min(255, 255 * (v * (0.6 + 0.4 * hue) + noise)));
      pixels[o + 1] = Math.max(0, Math.min(255, 255 * (v * 0.8 + noise)));
      pixels[o + 2] = Math.max(0, Math.min(255, 255 * (v * (1 - 0.4 * hue) + noise)));
    }
  }
  return deflateSync(pixels);
}

/** One paper: `pages` A4 pages of text, an image on every third page. */
export async function makePaper({ seed, pages, title, objectStreams }) {
  const next = random(seed);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(title, { x: 56, y: 780, size: 14, font: bold });
    page.drawText(`Trang ${p + 1}`, { x: 500, y: 40, size: 9, font });
    let y = 750;
    const withImage = p % 3 === 1;
    if (withImage) {
      const width = 240;
      const height = 150;
      const image = doc.context.stream(picture(next, width, height), {
        Type: 'XObject',
        Subtype: 'Image',
        Width: width,
        Height: height,
        ColorSpace: 'DeviceRGB',
        BitsPerComponent: 8,
        Filter: 'FlateDecode',
      });
      const ref = doc.context.register(image);
      const name = page.node.newXObject('Im', ref);
      page.pushOperators(pushGraphicsState(), concatTransformationMatrix(480, 0, 0, 300, 56, 520), drawObject(name), popGraphicsState());
      y = 500;
    }
    while (y > 70) {
      const line = sentence(next, 9 + Math.floor(next() * 6));
      page.drawText(line, { x: 56, y, size: 10.5, font, color: rgb(0.1, 0.1, 0.1) });
      y -= 15;
    }
  }
  return doc.save({ useObjectStreams: objectStreams, addDefaultPage: false });
}

/** Page counts of the 20 papers: 10–60 each, 1,000 in all. */
export function corpusPageCounts() {
  const next = random(20261122);
  const counts = Array.from({ length: 20 }, () => 10 + Math.floor(next() * 51));
  let total = counts.reduce((a, b) => a + b, 0);
  for (let i = 0; total !== 1000; i = (i + 1) % counts.length) {
    if (total < 1000 && counts[i] < 60) {
      counts[i] += 1;
      total += 1;
    } else if (total > 1000 && counts[i] > 10) {
      counts[i] -= 1;
      total -= 1;
    }
  }
  return counts;
}

/** Writes the corpus under `dir`; returns the file names, papers first, then the 300-page one. */
export async function writeCorpus(dir) {
  mkdirSync(dir, { recursive: true });
  const files = [];
  const counts = corpusPageCounts();
  for (let i = 0; i < counts.length; i++) {
    const name = `paper-${String(i + 1).padStart(2, '0')}.pdf`;
    const bytes = await makePaper({ seed: 1000 + i, pages: counts[i], title: `To trinh so ${i + 1}/2026`, objectStreams: i % 2 === 0 });
    writeFileSync(join(dir, name), bytes);
    files.push({ name, pages: counts[i], bytes: bytes.length });
  }
  const big = await makePaper({ seed: 300, pages: 300, title: 'Bao cao tong hop 300 trang', objectStreams: true });
  writeFileSync(join(dir, 'paper-300.pdf'), big);
  files.push({ name: 'paper-300.pdf', pages: 300, bytes: big.length });
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'tmp/bench-papers/corpus';
  const files = await writeCorpus(dir);
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  process.stdout.write(`${files.length} files, ${files.reduce((s, f) => s + f.pages, 0)} pages, ${(total / 1e6).toFixed(1)} MB in ${dir}\n`);
}
