// Meeting papers bench: the meeting book and members' watermarked copies, side by side with qpdf.
//   npm run bench:papers            (builds the API, then runs 5 rounds)
//   node bench/papers/run.mjs 9     (an API already built; 9 rounds)
// Each e-Cabinet figure runs in a fresh process, in the API's own PDF worker thread; "first" is the
// first run in that process, "warm" the median of the following ones (a running server is warm).
// qpdf runs as a fresh process each time (its start-up is a few milliseconds).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, rgb } from 'pdf-lib';
import { writeCorpus } from './corpus.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rounds = Number(process.argv[2] ?? 5);
const workerPath = join(root, 'dist/apps/api/paper-worker.js');
const fontPath = join(root, 'libs/api/pdf/src/assets/fonts/NotoSans-Regular.ttf');
const work = join(root, 'tmp/bench-papers');
const corpus = join(work, 'corpus');
const out = join(work, 'out');
if (!existsSync(workerPath)) {
  process.stderr.write('Build the API first: npx nx build api\n');
  process.exit(1);
}
mkdirSync(out, { recursive: true });

if (!existsSync(join(corpus, 'paper-300.pdf'))) {
  process.stdout.write('Generating the corpus…\n');
  await writeCorpus(corpus);
}
const papers = readdirSync(corpus).filter((name) => /^paper-\d\d\.pdf$/.test(name)).sort();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(0)} ms`;
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

function ours(job, repeat = rounds + 1) {
  const jobPath = join(out, `job-${job.kind}.json`);
  writeFileSync(jobPath, JSON.stringify({ fontPath, ...job }));
  const result = spawnSync(process.execPath, [join(root, 'bench/papers/measure.mjs'), workerPath, jobPath, String(repeat)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  const { times, maxRssKb } = JSON.parse(result.stdout.trim().split('\n').pop());
  return { first: times[0], warm: median(times.slice(1).length ? times.slice(1) : times), maxRssKb };
}

function qpdf(args) {
  const times = [];
  let maxRssKb = 0;
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const result = spawnSync('/usr/bin/time', ['-f', '%M', 'qpdf', ...args], { encoding: 'utf8' });
    times.push(performance.now() - started);
    if (result.status !== 0 && result.status !== 3) throw new Error(result.stderr);
    maxRssKb = Math.max(maxRssKb, Number(result.stderr.trim().split('\n').pop()));
  }
  return { warm: median(times), maxRssKb };
}

function check(path) {
  const result = spawnSync('qpdf', ['--check', path], { encoding: 'utf8' });
  return result.status === 0 ? 'qpdf --check clean' : `qpdf --check exit ${result.status}`;
}

// Every paper is inspected and indexed once, as on upload.
const indexes = {};
let inspectTotal = 0;
for (const name of [...papers, 'paper-300.pdf']) {
  const indexPath = join(out, `${name}.index.json`);
  const measured = ours({ kind: 'inspect', path: join(corpus, name), outputPath: join(out, `${name}.repaired`), limits: { maxPages: 5000, maxObjects: 500_000 }, resultPath: indexPath }, 1);
  writeFileSync(indexPath, JSON.stringify(JSON.parse(readFileSync(indexPath, 'utf8')).index));
  indexes[name] = indexPath;
  if (name !== 'paper-300.pdf') inspectTotal += measured.first;
}
const inspect300 = ours({ kind: 'inspect', path: join(corpus, 'paper-300.pdf'), outputPath: join(out, 'paper-300.pdf.repaired'), limits: { maxPages: 5000, maxObjects: 500_000 } });

// (a) The 1,000-page book: 8 items, 20 papers.
const items = Array.from({ length: 8 }, (_, i) => ({ number: String(i + 1), title: `Nội dung ${i + 1}: Dự thảo Nghị định về chuyển đổi số`, papers: [] }));
papers.forEach((name, i) => items[i % 8].papers.push({ title: `Tờ trình số ${i + 1}/TTr-BKHĐT`, path: join(corpus, name), indexPath: indexes[name] }));
const text = {
  heading: 'TÀI LIỆU PHIÊN HỌP',
  title: 'Phiên họp Chính phủ thường kỳ tháng 12 năm 2026',
  details: ['Phiên họp thường kỳ', 'Thời gian: 08:00, thứ Ba, 01/12/2026', 'Địa điểm: Trụ sở Chính phủ'],
  participantsHeading: 'Thành phần',
  participants: Array.from({ length: 27 }, (_, i) => `Thành viên Chính phủ ${i + 1} — Thành viên`),
  contentsHeading: 'MỤC LỤC',
  pageLabel: 'Trang {x}/{n}',
  contentsBookmark: 'Mục lục',
  footer: 'Phiên họp Chính phủ thường kỳ tháng 12 năm 2026',
};
const bookPath = join(out, 'book.pdf');
const bookIndex = join(out, 'book.index.json');
const book = ours({ kind: 'book', outputPath: bookPath, text, items, seed: 'bench', resultPath: bookIndex });
writeFileSync(bookIndex, JSON.stringify(JSON.parse(readFileSync(bookIndex, 'utf8')).index));
const bookPages = JSON.parse(readFileSync(bookIndex, 'utf8')).pages.length;
const qpdfBook = qpdf(['--empty', '--pages', ...papers.map((name) => join(corpus, name)), '--', join(out, 'qpdf-book.pdf')]);

// (b) One member's copy: ours as an incremental update; qpdf overlays a one-page stamp with the same text.
const lines = ['Nguyễn Thị Thu Hường', '01/12/2026 08:00 · K7Q2-9XMD'];
const stamp = await PDFDocument.create();
stamp.registerFontkit(fontkit);
const font = await stamp.embedFont(readFileSync(fontPath), { subset: true });
const page = stamp.addPage([595.28, 841.89]);
page.drawText(lines[0], { x: 150, y: 250, size: 40, font, rotate: degrees(54.7), color: rgb(0.62, 0.1, 0.1), opacity: 0.16 });
page.drawText(lines[1], { x: 190, y: 230, size: 20, font, rotate: degrees(54.7), color: rgb(0.62, 0.1, 0.1), opacity: 0.16 });
page.drawText(`${lines[0]} · ${lines[1]}`, { x: 200, y: 4, size: 6.5, font, color: rgb(0.4, 0.4, 0.4) });
writeFileSync(join(out, 'stamp.pdf'), await stamp.save());

const copy300 = ours({ kind: 'copy', sourcePath: join(corpus, 'paper-300.pdf'), indexPath: indexes['paper-300.pdf'], outputPath: join(out, 'copy-300.pdf'), lines, seed: 'K7Q29XMD' });
const qpdf300 = qpdf([join(corpus, 'paper-300.pdf'), '--overlay', join(out, 'stamp.pdf'), '--repeat=1', '--', join(out, 'qpdf-copy-300.pdf')]);
const copyBook = ours({ kind: 'copy', sourcePath: bookPath, indexPath: bookIndex, outputPath: join(out, 'copy-book.pdf'), lines, seed: 'K7Q29XMD' });
const qpdfCopyBook = qpdf([bookPath, '--overlay', join(out, 'stamp.pdf'), '--repeat=1', '--', join(out, 'qpdf-copy-book.pdf')]);

const bytes = papers.reduce((sum, name) => sum + readFileSync(join(corpus, name)).length, 0);
process.stdout.write(`\nCorpus: ${papers.length} papers, ${(bytes / 1e6).toFixed(1)} MB; book ${bookPages} pages. Node ${process.version}, ${rounds} rounds.\n`);
process.stdout.write(`Inspection on upload (worker, cold): 20 papers ${ms(inspectTotal)} in all; the 300-page paper ${ms(inspect300.first)} first, ${ms(inspect300.warm)} warm.\n\n`);
const rows = [
  ['book, 1,000 pages (a)', book, qpdfBook, check(bookPath)],
  ['copy of the 300-page paper (b)', copy300, qpdf300, check(join(out, 'copy-300.pdf'))],
  ['copy of the 1,000-page book (b)', copyBook, qpdfCopyBook, check(join(out, 'copy-book.pdf'))],
];
process.stdout.write('| task | e-Cabinet warm (first) | qpdf | e-Cabinet / qpdf | peak RSS e-Cabinet | peak RSS qpdf | output |\n');
process.stdout.write('| --- | --- | --- | --- | --- | --- | --- |\n');
for (const [task, mine, theirs, valid] of rows) {
  process.stdout.write(`| ${task} | ${ms(mine.warm)} (${ms(mine.first)}) | ${ms(theirs.warm)} | ${(mine.warm / theirs.warm).toFixed(2)} (${(mine.first / theirs.warm).toFixed(2)}) | ${mb(mine.maxRssKb)} | ${mb(theirs.maxRssKb)} | ${valid} |\n`);
}
