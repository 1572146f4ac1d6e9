import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, DEMO_PASSWORD, launchBrowser, openPage, signIn } from '../support/browser';

/**
 * Every screen of docs/screens.md, as each role reaches it, under the Content-Security-Policy
 * the server sends: the page must draw (the reader with the pdf.js worker, the live channel
 * online) and the browser must report no violation, neither as a `securitypolicyviolation`
 * event nor as a console error.
 */

interface Violation {
  readonly screen: string;
  readonly what: string;
}

let browser: Browser;
const ids = { meeting: '', paper: '', ballot: '', ballotPaper: '' };

async function api<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const login = (username: string) => api<{ accessToken: string; user: { id: string } }>('POST', '/api/auth/login', null, { username, password: DEMO_PASSWORD });

async function onePagePdf(): Promise<Blob> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage([595, 842]).drawText('Ballot paper', { x: 60, y: 760, size: 16, font });
  return new Blob([new Uint8Array(await document.save())], { type: 'application/pdf' });
}

beforeAll(async () => {
  browser = await launchBrowser();
  // The screens need a meeting with a paper (the demo's) and a ballot with a paper; the journey
  // is about the policy, so the ballot is set up through the API.
  const secretary = (await login('secretary')).accessToken;
  const member1 = (await login('member1')).user.id;
  const meetings = await api<{ id: string; title: string }[]>('GET', '/api/meetings', secretary);
  for (const meeting of meetings) {
    const papers = await api<{ id: string; itemId: string }[]>('GET', `/api/meetings/${meeting.id}/papers`, secretary);
    if (papers.length > 0) {
      // A paper of its own on that item: member1 opening it leaves the demo's papers unread for the other journeys.
      const upload = new FormData();
      upload.append('title', 'Tài liệu kiểm tra chính sách bảo mật');
      upload.append('file', await onePagePdf(), 'chinh-sach.pdf');
      ids.meeting = meeting.id;
      ids.paper = (await api<{ id: string }>('POST', `/api/meetings/${meeting.id}/agenda/${papers[0].itemId}/papers`, secretary, upload)).id;
      break;
    }
  }
  if (!ids.paper) throw new Error('the demo has no meeting with a paper');
  const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString();
  ids.ballot = (
    await api<{ id: string }>('POST', '/api/ballots', secretary, { title: 'Phiếu kiểm tra chính sách bảo mật', summary: 'Tóm tắt', questions: [{ text: 'Tán thành?' }], recipientIds: [member1], deadline })
  ).id;
  const form = new FormData();
  form.append('title', 'Tài liệu kèm phiếu');
  form.append('file', await onePagePdf(), 'phieu.pdf');
  ids.ballotPaper = (await api<{ id: string }>('POST', `/api/ballots/${ids.ballot}/papers`, secretary, form)).id;
});
afterAll(() => browser?.close());

/** Records every violation the page (and its frames) reports, from the first script on. */
async function watchPolicy(context: BrowserContext, page: Page, violations: Violation[]): Promise<void> {
  await context.exposeBinding('reportPolicyViolation', ({ page: source }, what: string) => violations.push({ screen: new URL(source.url()).pathname, what }));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportPolicyViolation(what: string): void }).reportPolicyViolation;
      void report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber} ${event.sample}`);
    });
  });
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) violations.push({ screen: new URL(page.url()).pathname, what: `console: ${message.text()}` });
  });
}

type Screen = { path: string; drawn: (page: Page) => Promise<void> };

const shell = (page: Page) => page.locator('ec-shell-layout').waitFor();
const readerDrawn = async (page: Page) => {
  await shell(page);
  await page.locator('[data-testid="pdf-page"][data-page="1"][aria-busy="false"]').waitFor({ timeout: 30_000 });
};
const at = (path: () => string, drawn: (page: Page) => Promise<void> = shell) => (): Screen => ({ path: path(), drawn });

const SCREENS = {
  home: at(() => '/'),
  account: at(() => '/account'),
  meetings: at(() => '/meetings'),
  newMeeting: at(() => '/meetings/new'),
  editMeeting: at(() => `/meetings/${ids.meeting}/edit`),
  room: at(() => `/meetings/${ids.meeting}`),
  reader: at(() => `/meetings/${ids.meeting}/papers/${ids.paper}`, readerDrawn),
  book: at(() => `/meetings/${ids.meeting}/book`),
  console: at(() => `/meetings/${ids.meeting}/console`),
  ballotPaper: at(() => `/ballots/${ids.ballot}/papers/${ids.ballotPaper}`, readerDrawn),
  ballots: at(() => '/ballots'),
  ballotDesk: at(() => '/ballot-desk'),
  users: at(() => '/admin/users'),
  traces: at(() => '/admin/traces'),
  audit: at(() => '/admin/audit'),
  officer: at(() => '/officer'),
};

const ROLES: [string, (keyof typeof SCREENS)[]][] = [
  ['admin', ['home', 'account', 'users', 'audit', 'traces']],
  ['secretary', ['home', 'meetings', 'newMeeting', 'editMeeting', 'room', 'console', 'reader', 'book', 'ballotDesk', 'ballotPaper', 'account']],
  ['chair', ['home', 'meetings', 'room', 'console', 'reader', 'ballots', 'ballotDesk']],
  ['member1', ['home', 'meetings', 'room', 'reader', 'book', 'ballots', 'account']],
  ['observer', ['home', 'meetings', 'room']],
  ['officer', ['home', 'officer']],
];

it('the login page loads under the policy with no violation', async () => {
  const { context, page } = await openPage(browser, 'desktop');
  const violations: Violation[] = [];
  try {
    await watchPolicy(context, page, violations);
    const response = await page.goto('/login');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
  } finally {
    await context.close();
  }
});

it.each(ROLES)('%s visits each of their screens under the policy with no violation', async (username, screens) => {
  const { context, page } = await openPage(browser, 'desktop');
  const violations: Violation[] = [];
  try {
    await watchPolicy(context, page, violations);
    await signIn(page, username);
    await page.locator('ec-live-status').getByText('Trực tuyến', { exact: true }).waitFor();
    for (const name of screens) {
      const screen = SCREENS[name]();
      const response = await page.goto(screen.path);
      expect({ screen: screen.path, policy: response?.headers()['content-security-policy'] ?? null }).toEqual({ screen: screen.path, policy: expect.stringContaining("script-src 'self'") });
      await screen.drawn(page);
      await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
    }
    expect(violations).toEqual([]);
  } finally {
    await context.close();
  }
}, 180_000);
