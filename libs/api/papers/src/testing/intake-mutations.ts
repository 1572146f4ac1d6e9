// Intake against the viewers on mutated files: sample papers (classic, object streams, two
// owner-password encryptions) truncated, with bytes flipped, deleted or inserted, and with their
// line ends changed, each taken in as an upload is (takeInPaper) and opened by qpdf and poppler.
// Prints the files viewers open that the intake refuses, any accepted with another page count
// than poppler's, and the totals. Needs qpdf and poppler-utils (the oracle); deterministic.
//   npx ts-node --transpile-only -O '{"module":"commonjs","esModuleInterop":true}' libs/api/papers/src/testing/intake-mutations.ts [rounds]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeInPaper } from '../lib/pdf/paper-inspector';
import { viewersOpen } from './pdf-corpus';
import { encryptWithQpdf, samplePaper } from './pdf-fixtures';

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

const mutations: [string, (bytes: Buffer) => Buffer][] = [
  ['truncated', (b) => b.subarray(0, Math.floor(b.length * (0.5 + random() * 0.5)))],
  [
    'bytes flipped',
    (b) => {
      const copy = Buffer.from(b);
      for (let i = 0; i < 3; i++) copy[Math.floor(random() * copy.length)] ^= 0xff;
      return copy;
    },
  ],
  [
    'range deleted',
    (b) => {
      const at = Math.floor(random() * b.length);
      return Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + Math.floor(random() * 40))]);
    },
  ],
  [
    'junk inserted',
    (b) => {
      const at = Math.floor(random() * b.length);
      return Buffer.concat([b.subarray(0, at), Buffer.from('\n% junk junk\n'), b.subarray(at)]);
    },
  ],
  ['CRLF to LF', (b) => Buffer.from(b.toString('latin1').replace(/\r\n/g, '\n'), 'latin1')],
  ['LF to CRLF', (b) => Buffer.from(b.toString('latin1').replace(/(?<!\r)\n/g, '\r\n'), 'latin1')],
];

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 8);
  const dir = mkdtempSync(join(tmpdir(), 'ecabinet-mutations-'));
  const bases: [string, Buffer][] = [
    ['classic', await samplePaper({ pages: 5, objectStreams: false })],
    ['object streams', await samplePaper({ pages: 5, objectStreams: true })],
    ['owner AES-256', await encryptWithQpdf(await samplePaper({ pages: 3 }), '', 'owner', '256')],
    ['owner RC4-128', await encryptWithQpdf(await samplePaper({ pages: 3 }), '', 'owner', '128', ['--use-aes=n'], ['--object-streams=disable'])],
  ];
  const totals = { files: 0, viewersOpen: 0, acceptedOfThose: 0, acceptedOthers: 0, pageCountDiffers: 0 };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [base, bytes] of bases) {
        for (const [mutation, mutate] of mutations) {
          const mutated = mutate(bytes);
          const input = join(dir, 'upload.part');
          const output = join(dir, 'upload.repaired.part');
          writeFileSync(input, mutated);
          rmSync(output, { force: true });
          let outcome = 'accepted';
          let pages = 0;
          try {
            pages = (await takeInPaper(input, output, { maxPages: 5000, maxObjects: 500_000 })).pageCount;
          } catch (error) {
            outcome = `${(error as { reason?: string }).reason ?? 'error'}: ${(error as Error).message.slice(0, 100)}`;
          }
          const opens = viewersOpen(mutated);
          totals.files++;
          if (opens) totals.viewersOpen++;
          if (outcome === 'accepted') {
            if (opens) totals.acceptedOfThose++;
            else totals.acceptedOthers++;
            const poppler = /Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [input], { encoding: 'utf8' }).stdout ?? '');
            if (poppler && Number(poppler[1]) !== pages) {
              totals.pageCountDiffers++;
              process.stdout.write(`pages differ: round ${round}, ${base}, ${mutation}: ${pages} here, ${poppler[1]} in poppler\n`);
            }
          } else if (opens) {
            const poppler = /Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [input], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? '?';
            process.stdout.write(`refused, viewers open it (poppler: ${poppler} pages): round ${round}, ${base}, ${mutation}: ${outcome}\n`);
            // INTAKE_DUMP_DIR=<dir>: keep each such file there, to look into it.
            if (process.env['INTAKE_DUMP_DIR']) writeFileSync(join(process.env['INTAKE_DUMP_DIR'], `${round}-${base}-${mutation}.pdf`.replace(/\s+/g, '_')), mutated);
          }
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(totals)}\n`);
}

if (require.main === module) void main();
