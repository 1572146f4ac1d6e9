import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildTamperSuite, type Forgery } from '@ecabinet/shared/trust';

const root = join(__dirname, '..', '..', '..');

/**
 * The offline page as a reader uses it: the downloaded HTML opened from disk in Chromium with the
 * network off, a bundle and a roots file picked. The same tamper suite as the library's spec and
 * the CLI: every forgery is refused, the genuine record accepted.
 */
describe('the offline verification page in Chromium, network off', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  let suite: Awaited<ReturnType<typeof buildTamperSuite>>;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, 'tools', 'scripts', 'build-verify-page.mjs')], { stdio: 'pipe' });
    suite = await buildTamperSuite();
    dir = mkdtempSync(join(tmpdir(), 'verify-page-'));
    writeFileSync(join(dir, 'roots.pem'), suite.kit.anchorsPem);
    browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    const context = await browser.newContext({ offline: true });
    page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(join(root, 'dist', 'apps', 'verify', 'verify.html')).href);
    // Nothing but the page itself was loaded.
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
  });
  afterAll(() => browser?.close());

  async function check(name: string, raw: string): Promise<{ kind: string; text: string }> {
    const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.json`);
    writeFileSync(file, raw);
    await page.setInputFiles('#file', file);
    await page.setInputFiles('#roots', join(dir, 'roots.pem'));
    await page.evaluate(() => document.getElementById('result')?.replaceChildren());
    await page.click('#verify');
    const result = page.locator('[data-testid="verify-result"].result--ok, [data-testid="verify-result"].result--bad');
    await result.waitFor();
    return { kind: (await result.getAttribute('class')) ?? '', text: (await result.textContent()) ?? '' };
  }

  it('accepts the genuine record, in Vietnamese by default', async () => {
    const result = await check('genuine', suite.genuine);
    expect(result.kind).toContain('result--ok');
    expect(result.text).toContain('Hợp lệ: 3 thành viên đã ký ý kiến');
  });

  it('refuses every forgery of the tamper suite, saying why', async () => {
    const outcomes: { forgery: string; refused: boolean; caught: boolean }[] = [];
    for (const forgery of suite.forgeries as Forgery[]) {
      const result = await check(forgery.name, forgery.raw);
      outcomes.push({ forgery: forgery.name, refused: result.kind.includes('result--bad'), caught: result.text.includes(forgery.caughtBy) });
    }
    expect(outcomes).toEqual(suite.forgeries.map((f) => ({ forgery: f.name, refused: true, caught: true })));
  });

  it('checks nothing without the roots, and speaks English on request', async () => {
    await page.reload();
    await page.click('#language');
    expect(await page.locator('h1').textContent()).toBe('Verify a ballot result');
    const file = join(dir, 'genuine.json');
    await page.setInputFiles('#file', file);
    await page.click('#verify');
    await page.locator('.result--bad').getByText('Choose the trusted root certificates').waitFor();
  });
});
