import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, saveScreenshot, signIn } from '../support/browser';
import { type FreshServer, startFreshServer } from '../support/fresh-server';

/**
 * Production's trust with no demo PKI: the operator makes a root with `ca init-root` and the seal
 * with the README's OpenSSL commands; the administrator gives a user the certificate officer's
 * role; the officer makes his issuing key on his own device, the root holder signs its request
 * offline (`ca sign-officer`), and the officer loads the certificate back. The chair's device key
 * is refused until the officer, having compared the fingerprint the chair's device shows,
 * certifies it on his device; then the chair's signed approval goes through. When the chair's
 * tablet is lost and its key revoked, the officer signs the revocation list on his device.
 */

const MAIN = resolve(__dirname, '../../../../dist/apps/api/main.js');
const TITLE = `Phiếu thử chứng thực (${Date.now().toString(36)})`;
let browser: Browser;
let server: FreshServer;
const pki = mkdtempSync(join(tmpdir(), 'ecabinet-pki-'));
const cli = (...args: string[]) => execFileSync(process.execPath, [MAIN, ...args], { cwd: pki }).toString();
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: pki, stdio: 'pipe' });

beforeAll(async () => {
  browser = await launchBrowser();
  cli('ca', 'init-root', '--out', pki, '--name', 'Gốc tin cậy thử nghiệm', '--org', 'Chính phủ');
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'seal.key');
  openssl('req', '-new', '-key', 'seal.key', '-subj', '/C=VN/O=Văn phòng Chính phủ/CN=Con dấu Văn phòng Chính phủ', '-utf8', '-out', 'seal.csr');
  writeFileSync(join(pki, 'seal.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n');
  openssl('x509', '-req', '-in', 'seal.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '30', '-extfile', 'seal.ext', '-out', 'seal.pem');
  openssl('pkcs12', '-export', '-inkey', 'seal.key', '-in', 'seal.pem', '-certfile', 'root.pem', '-out', 'seal.p12', '-passout', 'pass:con-dau');
  server = await startFreshServer({ env: { TRUST_ANCHORS: join(pki, 'root.pem'), SEAL_P12: join(pki, 'seal.p12'), SEAL_P12_PASSWORD: 'con-dau' } });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name }).click();

async function confirmIn(page: Page, dialogName: string | RegExp, button: string): Promise<void> {
  const dialog = page.getByRole('alertdialog', { name: dialogName });
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

it("the officer sets up his CA on his device and certifies the chair's key after comparing fingerprints; the chair's approval then goes through; a revoked key goes on his signed list", async () => {
  const admin = await openPage(browser, 'desktop', { baseURL: server.baseUrl });
  const officer = await openPage(browser, 'desktop', { baseURL: server.baseUrl, timezoneId: 'Europe/Paris' });
  const secretary = await openPage(browser, 'desktop', { baseURL: server.baseUrl });
  const chair = await openPage(browser, 'tablet', { baseURL: server.baseUrl });
  try {
    // The administrator gives the role.
    const a = admin.page;
    await signIn(a, 'admin');
    await nav(a, 'Người dùng');
    await a.getByRole('button', { name: 'Thêm người dùng' }).click();
    const dialog = a.getByRole('dialog', { name: 'Thêm người dùng' });
    await dialog.getByLabel('Tên đăng nhập').fill('canbo.chungthuc');
    await dialog.getByLabel('Họ và tên').fill('Trần Văn Chứng');
    await dialog.getByLabel('Mật khẩu ban đầu').fill('mat-khau-can-bo-2026');
    await dialog.getByRole('checkbox', { name: 'Cán bộ chứng thực' }).check();
    await dialog.getByRole('button', { name: 'Tạo' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The officer makes his issuing key on his device; the root holder signs its request offline.
    const o = officer.page;
    await signIn(o, 'canbo.chungthuc', 'mat-khau-can-bo-2026');
    await nav(o, 'Chứng thực khóa ký');
    await o.getByRole('heading', { name: 'Chứng thực khóa ký số', level: 1 }).waitFor();
    await o.getByTestId('ca-state').getByText('Chưa có khóa').waitFor();
    const [request] = await Promise.all([o.waitForEvent('download'), o.getByTestId('create-ca').click()]);
    await o.getByTestId('ca-state').getByText('Chờ người giữ chứng thư gốc ký').waitFor();
    const shownFingerprint = ((await o.getByTestId('ca-fingerprint').textContent()) ?? '').replace(/\s/g, '');
    await saveScreenshot(o, 'g-officer-ca-request-desktop');
    const signed = cli('ca', 'sign-officer', '--csr', (await request.path()) ?? '', '--root-cert', join(pki, 'root.pem'), '--root-key', join(pki, 'root.key'), '--out', join(pki, 'officer.pem'));
    // The root holder compares the fingerprint the officer reads out with the one he signs.
    expect(/Key fingerprint[^:]*: ([0-9a-f ]+)/.exec(signed)?.[1].replace(/\s/g, '')).toBe(shownFingerprint);
    await o.getByTestId('ca-certificate-file').setInputFiles(join(pki, 'officer.pem'));
    await o.getByTestId('ca-state').getByText('Sẵn sàng cấp chứng thư').waitFor();
    await o.getByTestId('pending-keys').getByText('Không có khóa nào chờ chứng thực.').waitFor();

    // The secretariat drafts and submits a ballot.
    const s = secretary.page;
    await signIn(s, 'secretary');
    await nav(s, 'Quản lý phiếu');
    await s.getByRole('link', { name: 'Soạn phiếu mới' }).click();
    await s.getByLabel('Tên phiếu').fill(TITLE);
    await s.getByLabel('Tóm tắt vấn đề xin ý kiến').fill('Xin ý kiến thành viên Chính phủ về dự thảo.');
    await s.getByLabel('Nội dung câu hỏi 1').fill('Tán thành dự thảo?');
    await s.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await s.waitForURL(/\/ballot-desk\/[0-9a-f-]{36}$/);
    await s.getByRole('button', { name: 'Trình duyệt' }).click();
    await confirmIn(s, 'Trình Chủ tọa duyệt phiếu?', 'Trình duyệt');
    await s.getByTestId('ballot-status').getByText('Chờ duyệt').waitFor();

    // The chair's device key is not certified: his approval is refused, and his device shows its fingerprint.
    const c = chair.page;
    await signIn(c, 'chair');
    await nav(c, 'Quản lý phiếu');
    await c.getByRole('link', { name: TITLE }).click();
    await c.getByRole('button', { name: 'Ký duyệt' }).click();
    await confirmIn(c, 'Ký duyệt phiếu lấy ý kiến?', 'Ký duyệt');
    await c.getByTestId('action-error').getByText(/chưa được chứng thực/).waitFor();
    const chairFingerprint = ((await c.getByTestId('device-fingerprint').textContent()) ?? '').replace(/\s/g, '');
    expect(chairFingerprint).toMatch(/^[0-9a-f]{64}$/);
    await saveScreenshot(c, 'g-chair-not-certified-tablet');

    // The officer finds the chair's key waiting, with the same fingerprint, and certifies it on his device.
    await o.reload();
    const row = o.getByTestId('pending-keys').locator('tr[data-user="chair"]');
    await row.waitFor();
    expect(((await row.locator('.ec-officer__fingerprint').textContent()) ?? '').replace(/\s/g, '')).toBe(chairFingerprint);
    await saveScreenshot(o, 'g-officer-pending-desktop');
    await row.getByRole('button', { name: /^Chứng thực khóa của / }).click();
    const confirm = o.getByRole('alertdialog', { name: /^Chứng thực khóa của / });
    await confirm.getByText(chairFingerprint.slice(0, 4), { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Chứng thực', exact: true }).click();
    const outcome = await Promise.race([
      o.getByText(/Đã chứng thực khóa của .*; thành viên được thông báo\./).waitFor().then(() => null),
      o.getByTestId('officer-error').waitFor().then(async () => o.getByTestId('officer-error').textContent()),
    ]);
    expect(outcome).toBeNull();
    await row.waitFor({ state: 'detached' });
    await saveScreenshot(o, 'g-officer-certified-desktop');

    // Now the chair's signed approval goes through.
    await c.getByRole('button', { name: 'Ký duyệt' }).click();
    await confirmIn(c, 'Ký duyệt phiếu lấy ý kiến?', 'Ký duyệt');
    await c.getByTestId('ballot-status').getByText('Đã duyệt').waitFor();
    await c.getByTestId('approvals').getByText(new RegExp(chairFingerprint.slice(0, 4))).waitFor();
    await saveScreenshot(c, 'g-chair-approved-tablet');
    expect(readFileSync(join(pki, 'officer.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');

    // The chair's tablet is lost: the administrator revokes its key.
    await a.getByRole('button', { name: 'Khóa ký số của Nguyễn Văn Minh' }).click();
    const keys = a.getByRole('dialog', { name: /Khóa ký số của Nguyễn Văn Minh/ });
    await keys.getByRole('button', { name: /^Thu hồi khóa / }).first().click();
    await confirmIn(a, 'Thu hồi khóa ký số?', 'Thu hồi khóa');
    await keys.getByTestId('revoke-done').waitFor();

    // The officer sees the key waiting for his revocation list, signs the list on his device and publishes it.
    await o.reload();
    const revocations = o.getByTestId('revocations');
    await revocations.getByTestId('crl-state').getByText('1 khóa chưa có trong danh sách').waitFor();
    await revocations.getByRole('row', { name: /Nguyễn Văn Minh/ }).getByText('Chờ công bố').waitFor();
    await revocations.getByRole('button', { name: 'Ký và công bố danh sách thu hồi' }).click();
    await confirmIn(o, 'Ký danh sách thu hồi?', 'Ký và công bố danh sách thu hồi');
    await o.getByText('Đã công bố danh sách thu hồi (1 khóa).').waitFor();
    await revocations.getByRole('row', { name: /Nguyễn Văn Minh/ }).getByText('Đã công bố').waitFor();
    await revocations.getByTestId('crl-state').getByText(/^Đã cập nhật/).waitFor();
    await saveScreenshot(o, 'g-officer-crl-desktop');
    // The list he hands the inspectors is signed by his CA, as OpenSSL checks.
    const [download] = await Promise.all([o.waitForEvent('download'), revocations.getByTestId('download-crl').click()]);
    const crlFile = join(pki, 'officer-crl.pem');
    await download.saveAs(crlFile);
    writeFileSync(join(pki, 'chain.pem'), readFileSync(join(pki, 'officer.pem'), 'utf8') + readFileSync(join(pki, 'root.pem'), 'utf8'));
    const checked = execFileSync('openssl', ['crl', '-in', crlFile, '-CAfile', join(pki, 'chain.pem'), '-noout', '-text'], { cwd: pki, stdio: 'pipe' }).toString();
    expect(checked).toContain('Revoked Certificates');
  } finally {
    await Promise.all([admin, officer, secretary, chair].map(({ context }) => context.close()));
  }
}, 5 * 60_000);
