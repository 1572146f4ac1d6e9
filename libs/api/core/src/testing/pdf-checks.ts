import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { demoRootFile } from './ballot-signing';
import type { TestApp } from './test-app';

/**
 * The text of a PDF as `pdftotext -layout` reads it, without page numbers and footer lines,
 * whitespace collapsed (lines wrap where the layout puts them), in NFC.
 */
export function pdfBodyText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'])
    .toString()
    .normalize('NFC')
    .split('\n')
    .filter((line) => !/^\s*(\d+|e-Cabinet · .*)\s*$/.test(line.replace(/\f/g, '')))
    .join(' ')
    .replace(/\s+/g, ' ');
}

/** What `pdfsig` (poppler, NSS) says of `file` with the demo root trusted, in an NSS database made once under `dir`. */
export function pdfsigTrustingDemoRoot(t: TestApp, dir: string, file: string): string {
  const nss = join(dir, 'nss');
  if (!existsSync(nss)) {
    mkdirSync(nss);
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'demo-root', '-t', 'C,C,C', '-i', demoRootFile(t)]);
  }
  return execFileSync('pdfsig', ['-nssdir', `sql:${nss}`, file]).toString();
}
