// Repair bench: time and peak memory to take in a damaged ~50 MB PDF in the API's own worker thread
// (strict read fails → qpdf in WebAssembly cannot read it → cross-reference rebuilt by scanning →
// qpdf rewrites it → strict read of the rewrite, streams inflated and counted).
//   npx nx build api && node bench/papers/repair.mjs [rounds]
// Each figure runs in a fresh process (bench/papers/measure.mjs); peak RSS is the whole process's,
// WebAssembly memory included. The same file undamaged is measured beside it.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rounds = Number(process.argv[2] ?? 3);
const workerPath = join(root, 'dist/apps/api/paper-worker.js');
const work = join(root, 'tmp/bench-repair');
if (!existsSync(workerPath)) {
  process.stderr.write('Build the API first: npx nx build api\n');
  process.exit(1);
}
mkdirSync(work, { recursive: true });

/** `pages` pages, each a line of text and a 1,000 × 850 grey image of noise (850 KB, incompressible). */
function scannedLikePdf(pages) {
  const parts = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0].length;
  const offsets = [];
  const object = (num, body, stream) => {
    offsets[num] = length;
    const head = Buffer.from(`${num} 0 obj\n${body}${stream ? '\nstream\n' : '\nendobj\n'}`, 'latin1');
    const chunks = stream ? [head, stream, Buffer.from('\nendstream\nendobj\n', 'latin1')] : [head];
    for (const chunk of chunks) {
      parts.push(chunk);
      length += chunk.length;
    }
  };
  object(1, '<</Type/Catalog/Pages 2 0 R>>');
  const kids = Array.from({ length: pages }, (_, i) => `${3 + i * 3} 0 R`).join(' ');
  object(2, `<</Type/Pages/Count ${pages}/Kids[${kids}]>>`);
  object(3 + pages * 3, '<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>');
  for (let i = 0; i < pages; i++) {
    const page = 3 + i * 3;
    const content = Buffer.from(`q 500 425 50 300 cm /Im0 Do Q BT /F1 14 Tf 50 800 Td (Van ban so ${i + 1}) Tj ET`, 'latin1');
    const image = randomBytes(1000 * 850);
    object(page, `<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</XObject<</Im0 ${page + 2} 0 R>>/Font<</F1 ${3 + pages * 3} 0 R>>>>/Contents ${page + 1} 0 R>>`);
    object(page + 1, `<</Length ${content.length}>>`, content);
    object(page + 2, `<</Type/XObject/Subtype/Image/Width 1000/Height 850/ColorSpace/DeviceGray/BitsPerComponent 8/Length ${image.length}>>`, image);
  }
  const size = offsets.length;
  const xref = length;
  let table = `xref\n0 ${size}\n0000000000 65535 f\r\n`;
  for (let n = 1; n < size; n++) table += `${String(offsets[n]).padStart(10, '0')} 00000 n\r\n`;
  parts.push(Buffer.from(`${table}trailer\n<</Size ${size}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** Every offset of the table shifted by 7 bytes and startxref off by one: what a careless rewrite leaves. */
function damage(pdf) {
  const at = pdf.lastIndexOf('\nxref');
  const tail = pdf
    .subarray(at)
    .toString('latin1')
    .replace(/(\d{10}) 00000 n/g, (_, offset) => `${String(Number(offset) + 7).padStart(10, '0')} 00000 n`)
    .replace(/startxref\n(\d+)/, (_, offset) => `startxref\n${Number(offset) + 1}`);
  return Buffer.concat([pdf.subarray(0, at), Buffer.from(tail, 'latin1')]);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function measure(path) {
  const outputPath = `${path}.repaired`;
  const jobPath = join(work, 'job.json');
  writeFileSync(jobPath, JSON.stringify({ kind: 'inspect', path, outputPath, limits: { maxPages: 5000, maxObjects: 500_000 }, resultPath: join(work, 'result.json') }));
  const result = spawnSync(process.execPath, [join(root, 'bench/papers/measure.mjs'), workerPath, jobPath, String(rounds)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  const { times, maxRssKb } = JSON.parse(result.stdout.trim().split('\n').pop());
  const rewritten = existsSync(outputPath) ? statSync(outputPath).size : null;
  rmSync(outputPath, { force: true });
  return { first: times[0], median: median(times), maxRssKb, rewritten };
}

const valid = scannedLikePdf(60);
const validPath = join(work, 'scanned-60.pdf');
const damagedPath = join(work, 'scanned-60-damaged.pdf');
writeFileSync(validPath, valid);
writeFileSync(damagedPath, damage(valid));
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
for (const [what, path] of [
  ['undamaged (strict read only)', validPath],
  ['damaged xref (rebuilt, rewritten by qpdf-wasm, read again)', damagedPath],
]) {
  const m = measure(path);
  process.stdout.write(
    `${what}: ${mb(statSync(path).size)}, ${rounds} rounds: median ${m.median.toFixed(0)} ms (first ${m.first.toFixed(0)} ms), peak RSS ${(m.maxRssKb / 1024).toFixed(0)} MB` +
      `${m.rewritten === null ? '' : `, rewritten file ${mb(m.rewritten)}`}\n`,
  );
}
