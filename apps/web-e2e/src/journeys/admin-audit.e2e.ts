import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { AuditInclusionProof } from '@ecabinet/shared/contracts';
import { JOURNEY_VIEWPORTS, launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';

let browser: Browser;

/** The CLI as the operator runs it beside the journey's server: its DATA_DIR and SQLite file, no other database. */
function cli(...args: string[]): string {
  const dataDir = process.env['E2E_DATA_DIR'] ?? '';
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL' && name !== 'REDIS_URL'));
  return execFileSync(process.execPath, ['dist/apps/api/main.js', ...args], { env: { ...env, DATA_DIR: dataDir, NODE_ENV: 'development' } }).toString();
}
beforeAll(async () => (browser = await launchBrowser()));
afterAll(() => browser?.close());

describe.each(JOURNEY_VIEWPORTS)('the administrator at %s size', (viewport) => {
  it('reads the sign-ins in the audit log and verifies the chain', async () => {
    const { context, page } = await openPage(browser, viewport);
    try {
      await signIn(page, 'admin');
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhật ký hệ thống' }).click();
      await page.getByRole('heading', { name: 'Nhật ký hệ thống', level: 1 }).waitFor();

      const signIns = page.locator('tr[data-seq]', { has: page.locator('[data-action="auth.login.succeeded"]') });
      await signIns.first().waitFor();
      expect(await signIns.first().textContent()).toContain('Đăng nhập thành công');
      expect(await signIns.first().textContent()).toContain('admin');

      await page.getByRole('combobox', { name: 'Hành động' }).click();
      await page.getByRole('option', { name: 'Đăng nhập thành công' }).click();
      await page.getByRole('button', { name: 'Lọc', exact: true }).click();
      await page.waitForFunction(() =>
        [...document.querySelectorAll('tr[data-seq] [data-action]')].every(
          (cell) => cell.getAttribute('data-action') === 'auth.login.succeeded',
        ),
      );
      const firstSeq = await signIns.first().getAttribute('data-seq');
      await signIns.first().getByRole('button', { name: `Xem chi tiết mục ${firstSeq}` }).click();
      await page.locator(`#ec-audit-detail-${firstSeq}`).getByText('Mã băm', { exact: true }).waitFor();

      // The entry's inclusion proof leads to the root of a sealed checkpoint.
      // The proof may seal a checkpoint first, on a loaded machine: wait long, and say at once why if the page reports a refusal.
      const detail = page.locator(`#ec-audit-detail-${firstSeq}`);
      const refusal = detail.getByRole('alert');
      const [proofFile] = await Promise.all([
        Promise.race([
          page.waitForEvent('download', { timeout: 40_000 }),
          refusal.waitFor({ timeout: 40_000 }).then(async () => Promise.reject(new Error(`the proof was refused: ${await refusal.textContent()}`))),
        ]),
        detail.getByRole('button', { name: 'Tải bằng chứng có trong điểm neo' }).click(),
      ]);
      const proof = JSON.parse(readFileSync((await proofFile.path()) ?? '', 'utf8')) as AuditInclusionProof;
      expect(proof.seq).toBe(Number(firstSeq));
      const dataDir = process.env['E2E_DATA_DIR'];
      if (dataDir) {
        expect(cli('audit-verify', '--proof', (await proofFile.path()) ?? '', '--trust', join(dataDir, 'pki', 'demo-root.pem'))).toMatch(new RegExp(`^Proof OK: entry ${firstSeq} `));
      }

      await page.getByRole('button', { name: 'Kiểm tra tính toàn vẹn' }).click();
      const result = page.getByTestId('audit-verify-result');
      await result.waitFor();
      expect(await result.textContent()).toContain('Chuỗi nhật ký toàn vẹn');

      // A checkpoint sealed now, listed, downloaded, and proved against the demo root with the CLI.
      const checkpoints = page.getByTestId('audit-checkpoints');
      // The panel names the checkpoint it signed (rows already listed, such as an earlier run's, are not it).
      await checkpoints.getByRole('button', { name: 'Ký điểm neo ngay' }).click();
      const made = checkpoints.getByRole('status');
      await made.waitFor();
      const size = await made.getAttribute('data-made-size');
      expect(await made.textContent()).toContain(`Đã ký điểm neo của ${size} mục đầu nhật ký`);
      const latest = checkpoints.locator(`tr[data-size="${size}"]`);
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 40_000 }),
        latest.getByRole('button', { name: `Tải điểm neo ${size} mục` }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`audit-checkpoint-${size}.json`);
      if (dataDir) {
        const verified = cli('audit-verify', '--checkpoint', (await download.path()) ?? '', '--trust', join(dataDir, 'pki', 'demo-root.pem'));
        expect(verified).toMatch(/^Audit log OK: \d+ entries verified, and the first \d+ give the Merkle root/);
      }
      await saveScreenshot(page, `d-audit-${viewport}`);
    } finally {
      await context.close();
    }
  });
});
