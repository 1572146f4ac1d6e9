import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import type { AnswerReceipt, BallotResponse, OpinionInput, SubmitAnswerRequest } from '@ecabinet/shared/contracts';
import { PendingChanges } from '@ecabinet/web/meetings/data-access';
import { BallotAnswerService, DEVICE_KEY_VAULT, type DeviceKeyVault, SUBTLE_CRYPTO, type StoredDeviceKey, canonicalJson } from '@ecabinet/web/ballots/data-access';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { createHash, createPublicKey, verify, webcrypto } from 'node:crypto';
import { Subject } from 'rxjs';
import { BallotPageComponent } from './ballot-page.component';

const ballot: BallotResponse = {
  id: 'b-1',
  title: 'Lấy ý kiến về dự thảo Nghị định',
  summary: 'Tóm tắt',
  questions: [
    { id: 'q-1', number: 1, text: 'Thời điểm có hiệu lực?' },
    { id: 'q-2', number: 2, text: 'Phân cấp cho địa phương?' },
  ],
  status: 'open',
  version: 3,
  deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
  silenceRule: 'agree',
  tallyVisibility: 'after_close',
  reminderMinutes: [1440, 120],
  recipientCount: 9,
  answeredCount: 0,
  returnReason: null,
  chairId: 'u-chair',
  issuedAt: '2026-11-20T08:00:00.000Z',
  closedAt: null,
  createdAt: '2026-11-19T08:00:00.000Z',
  papers: [
    {
      id: 'p-1',
      title: 'Dự thảo Nghị định',
      classification: 'confidential',
      pageCount: 12,
      sizeBytes: 1_572_864,
      fileName: 'du-thao.pdf',
      sha256: 'cd'.repeat(32),
      uploadedAt: '2026-11-19T08:00:00.000Z',
      canDownload: false,
    },
  ],
  mine: { answered: false, revision: 0, answeredAt: null, documentHash: null },
  approvals: [{ sequence: 1, deadline: '2026-11-23T08:00:00.000Z', signedAt: '2026-11-20T08:00:00.000Z', hash: 'a1'.repeat(32), keyFingerprint: 'b2'.repeat(32) }],
  tally: null,
  tallyFinal: false,
  recipients: null,
  reminderHistory: null,
};

function receiptFor(answers: readonly OpinionInput[]): AnswerReceipt {
  return {
    ballotId: 'b-1',
    revision: 1,
    signedAt: '2026-11-22T08:00:00.000Z',
    receivedAt: '2026-11-22T08:00:01.000Z',
    keyFingerprint: 'ab'.repeat(32),
    documentHash: 'cd'.repeat(32),
    document: {
      type: 'ecabinet.ballot-answer',
      ballotId: 'b-1',
      ballotVersion: 3,
      recipientId: 'u-1',
      revision: 1,
      ballotHash: 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1',
      previous: null,
      signedAt: '2026-11-22T08:00:00.000Z',
      answers: answers.map((a) => ({ questionId: a.questionId, choice: a.choice, comment: a.comment ?? '' })),
    },
  };
}

describe('BallotPageComponent', () => {
  let fixture: ComponentFixture<BallotPageComponent>;
  let backend: HttpTestingController;
  /** Signing as the device does it (the real service is exercised below): the request it makes, then its sending. */
  const sign = jest.fn<Promise<SubmitAnswerRequest>, [BallotResponse, string, readonly OpinionInput[]]>(async (_ballot, _user, answers) => ({
    document: receiptFor(answers).document,
    signature: 'c2ln',
    keyId: 'k-1',
  }));
  const send = jest.fn<Promise<AnswerReceipt>, [string, SubmitAnswerRequest]>();
  const pending = { answers: signal<object[]>([]), outcomes: signal([]), sentAnswers$: new Subject<AnswerReceipt>() };

  beforeEach(async () => {
    localStorage.clear();
    send.mockReset();
    sign.mockClear();
    pending.answers.set([]);
    TestBed.configureTestingModule({
      imports: [BallotPageComponent],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: BallotAnswerService, useValue: { sign, send } },
        {
          provide: PendingChanges,
          useValue: {
            outcomes: pending.outcomes,
            sentAnswers$: pending.sentAnswers$,
            answersFor: () => pending.answers(),
            addAnswer: async (answer: object) => pending.answers.update((list) => [...list, { ...answer, id: 'q', kind: 'answer', madeAt: '2026-11-22T08:00:00.000Z' }]),
          },
        },
        { provide: AuthStore, useValue: { user: signal({ id: 'u-1' }), accessToken: signal(null), roles: signal(['member']), hasAnyRole: () => false } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(BallotPageComponent);
    fixture.componentRef.setInput('ballotId', 'b-1');
    await fixture.whenStable();
    backend.expectOne('/api/ballots/b-1').flush(ballot);
    backend.expectOne('/api/ballots/b-1/draft').flush({ answers: [{ questionId: 'q-2', choice: 'other' }], savedAt: '2026-11-22T07:00:00.000Z' });
    backend.expectOne('/api/ballots/b-1/answers/mine').flush([]);
    await fixture.whenStable();
  });

  afterEach(() => {
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
  });

  const view = () => fixture.nativeElement as HTMLElement;
  const question = (n: number) => view().querySelector<HTMLElement>(`li[data-question="${n}"]`) as HTMLElement;
  const radio = (n: number, value: string) => question(n).querySelector<HTMLInputElement>(`input[type="radio"][value="${value}"]`) as HTMLInputElement;
  const signButton = () => view().querySelector<HTMLButtonElement>('[data-testid="sign-and-send"]') as HTMLButtonElement;

  it('states the silence rule plainly and restores the saved draft', () => {
    expect(view().querySelector('[data-testid="silence-rule"]')?.textContent).toContain('được tính là tán thành');
    expect(view().querySelector('[data-testid="draft-state"]')?.textContent).toContain('Đã khôi phục bản nháp');
    expect(radio(2, 'other').checked).toBe(true);
  });

  it('lists the attached papers, each opening in the reader, with its classification', () => {
    const papers = view().querySelector('[data-testid="ballot-papers"]') as HTMLElement;
    const link = papers.querySelector('a') as HTMLAnchorElement;
    expect(link.textContent?.trim()).toBe('Dự thảo Nghị định');
    expect(link.getAttribute('href')).toBe('/ballots/b-1/papers/p-1');
    expect(papers.textContent).toContain('12 trang');
    expect(papers.textContent).toContain('1.5 MB');
    expect(papers.textContent).toContain('Mật');
  });

  it('refuses to sign while a question is unanswered or "other opinion" has no comment', async () => {
    signButton().click();
    await fixture.whenStable();
    expect(view().textContent).toContain('Còn 2 câu chưa có ý kiến hợp lệ.');
    expect(question(1).textContent).toContain('Vui lòng chọn ý kiến cho câu này.');
    expect(question(2).textContent).toContain('Vui lòng ghi rõ ý kiến khác của bạn.');
    expect(document.querySelector('.cdk-overlay-container [role="alertdialog"]')).toBeNull();
    expect(sign).not.toHaveBeenCalled();
  });

  it('signs after confirmation and shows the receipt, with the fingerprint grouped for reading', async () => {
    radio(1, 'agree').click();
    const comment = question(2).querySelector('textarea') as HTMLTextAreaElement;
    comment.value = 'Chỉ phân cấp dự án nhóm B';
    comment.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    send.mockImplementation(async (_user, request) => receiptFor(request.document.answers));

    signButton().click();
    await fixture.whenStable();
    const confirm = [...document.querySelectorAll<HTMLButtonElement>('.cdk-overlay-container button')].find((b) => b.textContent?.trim() === 'Ký và gửi');
    confirm?.click();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();

    expect(sign).toHaveBeenCalledWith(expect.objectContaining({ id: 'b-1' }), 'u-1', [
      { questionId: 'q-1', choice: 'agree' },
      { questionId: 'q-2', choice: 'other', comment: 'Chỉ phân cấp dự án nhóm B' },
    ]);
    const receipt = view().querySelector('[data-testid="receipt"]') as HTMLElement;
    expect(receipt.querySelector('[data-testid="receipt-fingerprint"]')?.textContent?.trim()).toBe(Array(16).fill('abab').join(' '));
    expect(receipt.textContent).toContain('Ý kiến khác');
    expect(signButton().textContent).toContain('Ký và gửi ý kiến sửa đổi');
    // The page re-reads the ballot after a signed answer.
    backend.expectOne('/api/ballots/b-1').flush({ ...ballot, mine: { answered: true, revision: 1, answeredAt: '2026-11-22T08:00:01.000Z', documentHash: 'c3'.repeat(32) } });
  });

  it('explains a refusal from the server in words', async () => {
    radio(1, 'disagree').click();
    radio(2, 'agree').click();
    await fixture.whenStable();
    send.mockRejectedValue({ status: 409, error: { statusCode: 409, code: 'BALLOT_CLOSED', message: 'closed', correlationId: 'c' } });
    signButton().click();
    await fixture.whenStable();
    [...document.querySelectorAll<HTMLButtonElement>('.cdk-overlay-container button')].find((b) => b.textContent?.trim() === 'Ký và gửi')?.click();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    expect(view().querySelector('[data-testid="send-error"]')?.textContent).toContain('Phiếu lấy ý kiến đã kết thúc');
  });

  it('keeps an answer signed without the network on the device, says it waits and until when it counts, and shows it once it arrives', async () => {
    radio(1, 'disagree').click();
    radio(2, 'agree').click();
    await fixture.whenStable();
    send.mockRejectedValue({ status: 0 });
    signButton().click();
    await fixture.whenStable();
    [...document.querySelectorAll<HTMLButtonElement>('.cdk-overlay-container button')].find((b) => b.textContent?.trim() === 'Ký và gửi')?.click();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    expect(pending.answers()).toEqual([expect.objectContaining({ ballotId: 'b-1', recipientId: 'u-1', request: expect.objectContaining({ signature: 'c2ln', keyId: 'k-1' }) })]);
    expect(view().querySelector('[data-testid="send-error"]')).toBeNull();
    expect(view().querySelector('[data-testid="answer-queued"]')?.textContent).toContain('chỉ được tính nếu tới máy chủ trước hạn');

    // Sent when the network returned: the receipt is shown like any other.
    const answers = [{ questionId: 'q-1', choice: 'disagree' as const }, { questionId: 'q-2', choice: 'agree' as const }];
    pending.sentAnswers$.next(receiptFor(answers));
    await fixture.whenStable();
    expect(view().querySelector('[data-testid="receipt"]')).not.toBeNull();
    backend.expectOne('/api/ballots/b-1').flush({ ...ballot, mine: { answered: true, revision: 1, answeredAt: '2026-11-22T08:00:01.000Z', documentHash: 'c3'.repeat(32) } });
  });
});

/**
 * The member's device key was revoked: the page and the real signing services (WebCrypto, a
 * device vault in memory) against a scripted server.
 */
describe('BallotPageComponent when the device key was revoked', () => {
  let fixture: ComponentFixture<BallotPageComponent>;
  let backend: HttpTestingController;
  let vault: Map<string, StoredDeviceKey>;

  beforeEach(async () => {
    localStorage.clear();
    const subtle = webcrypto.subtle as unknown as SubtleCrypto;
    const keyPair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    vault = new Map([['u-1', { keyPair, keyId: 'key-old', fingerprint: 'ef'.repeat(32) }]]);
    const memoryVault: DeviceKeyVault = { load: async (userId) => vault.get(userId) ?? null, save: async (userId, key) => void vault.set(userId, key) };
    TestBed.configureTestingModule({
      imports: [BallotPageComponent],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: SUBTLE_CRYPTO, useValue: subtle },
        { provide: DEVICE_KEY_VAULT, useValue: memoryVault },
        { provide: AuthStore, useValue: { user: signal({ id: 'u-1' }), accessToken: signal(null), roles: signal(['member']), hasAnyRole: () => false } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(BallotPageComponent);
    fixture.componentRef.setInput('ballotId', 'b-1');
    await fixture.whenStable();
    backend.expectOne('/api/ballots/b-1').flush(ballot);
    backend.expectOne('/api/ballots/b-1/draft').flush({ answers: [], savedAt: null });
    backend.expectOne('/api/ballots/b-1/answers/mine').flush([]);
    await fixture.whenStable();
  });

  afterEach(() => {
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
  });

  const view = () => fixture.nativeElement as HTMLElement;
  const radio = (n: number, value: string) => view().querySelector<HTMLInputElement>(`li[data-question="${n}"] input[type="radio"][value="${value}"]`) as HTMLInputElement;
  const signButton = () => view().querySelector<HTMLButtonElement>('[data-testid="sign-and-send"]') as HTMLButtonElement;
  const keyNotice = () => view().querySelector<HTMLElement>('[data-testid="key-notice"]');

  /** The request the page makes next (signing is asynchronous: WebCrypto, IndexedDB). */
  async function nextRequest(method: string, url: string): Promise<TestRequest> {
    for (let attempt = 0; attempt < 300; attempt++) {
      const [found] = backend.match((request) => request.method === method && request.url === url);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the page never sent ${method} ${url}`);
  }

  async function signAndConfirm(): Promise<void> {
    signButton().click();
    await fixture.whenStable();
    const confirm = [...document.querySelectorAll<HTMLButtonElement>('.cdk-overlay-container button')].find((b) => b.textContent?.trim() === 'Ký và gửi');
    if (!confirm) throw new Error('no confirmation dialog');
    confirm.click();
    await fixture.whenStable();
  }

  it('says the key was revoked, registers a fresh one, keeps the answer, and the member signs again with it', async () => {
    radio(1, 'disagree').click();
    radio(2, 'agree').click();
    await fixture.whenStable();

    await signAndConfirm();
    const refused = await nextRequest('POST', '/api/ballots/b-1/answers');
    expect((refused.request.body as SubmitAnswerRequest).keyId).toBe('key-old');
    refused.flush(
      { statusCode: 422, code: 'SIGNING_KEY_REVOKED', message: 'This device key was revoked. Register this device again.', correlationId: 'c-1' },
      { status: 422, statusText: 'Unprocessable Entity' },
    );

    const registration = await nextRequest('POST', '/api/signing-keys');
    const publicKey = (registration.request.body as { publicKey: string }).publicKey;
    const fingerprint = createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex');
    registration.flush({ id: 'key-new', userId: 'u-1', label: 'Chrome', fingerprint, createdAt: '2026-11-22T08:00:00.000Z', revokedAt: null });
    for (let attempt = 0; attempt < 100 && !keyNotice(); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      await fixture.whenStable();
    }

    // Told plainly, in Vietnamese; nothing was sent with the new key behind the member's back.
    const notice = keyNotice() as HTMLElement;
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toContain('Khóa ký số của thiết bị này đã bị thu hồi, nên ý kiến của bạn chưa được gửi.');
    expect(notice.textContent).toContain('bấm “Ký và gửi” để ký lại bằng khóa mới');
    expect(notice.querySelector('[data-testid="fresh-fingerprint"]')?.textContent).toBe(fingerprint.match(/.{4}/g)?.join(' '));
    expect(backend.match((request) => request.url === '/api/ballots/b-1/answers')).toHaveLength(0);
    expect(view().querySelector('[data-testid="send-error"]')).toBeNull();
    expect(vault.get('u-1')?.keyId).toBe('key-new');
    // The unsigned answer is still on the form.
    expect(radio(1, 'disagree').checked).toBe(true);
    expect(radio(2, 'agree').checked).toBe(true);
    expect(signButton().disabled).toBe(false);

    await signAndConfirm();
    const accepted = await nextRequest('POST', '/api/ballots/b-1/answers');
    const sent = accepted.request.body as SubmitAnswerRequest;
    expect(sent.keyId).toBe('key-new');
    expect(sent.document.answers.map((a) => a.choice)).toEqual(['disagree', 'agree']);
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    expect(verify('sha256', Buffer.from(canonicalJson(sent.document)), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sent.signature, 'base64'))).toBe(true);
    accepted.flush({ ...receiptFor(sent.document.answers), keyFingerprint: fingerprint });
    for (let attempt = 0; attempt < 100 && !view().querySelector('[data-testid="receipt"]'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      await fixture.whenStable();
    }

    expect(keyNotice()).toBeNull();
    expect(view().querySelector('[data-testid="receipt-fingerprint"]')?.textContent?.trim()).toBe(fingerprint.match(/.{4}/g)?.join(' '));
    backend.expectOne('/api/ballots/b-1').flush({ ...ballot, mine: { answered: true, revision: 1, answeredAt: '2026-11-22T08:00:01.000Z', documentHash: 'c3'.repeat(32) } });
  });

  it('says so when the new key cannot be registered, and registers it on the next signing', async () => {
    radio(1, 'agree').click();
    radio(2, 'agree').click();
    await fixture.whenStable();

    await signAndConfirm();
    (await nextRequest('POST', '/api/ballots/b-1/answers')).flush(
      { statusCode: 422, code: 'SIGNING_KEY_UNKNOWN', message: 'unknown', correlationId: 'c-2' },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    (await nextRequest('POST', '/api/signing-keys')).error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    for (let attempt = 0; attempt < 100 && !keyNotice(); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      await fixture.whenStable();
    }
    const notice = keyNotice() as HTMLElement;
    expect(notice.textContent).toContain('Hệ thống không còn nhận khóa ký số của thiết bị này');
    expect(notice.textContent).toContain('Chưa tạo được khóa ký số mới cho thiết bị này: Không kết nối được tới máy chủ.');
    expect(notice.textContent).toContain('bấm “Ký và gửi” để thử lại');
    expect(notice.textContent).not.toContain('quản trị hệ thống');

    await signAndConfirm();
    const registration = await nextRequest('POST', '/api/signing-keys');
    registration.flush({ id: 'key-new', userId: 'u-1', label: 'Chrome', fingerprint: '12'.repeat(32), createdAt: '2026-11-22T08:00:00.000Z', revokedAt: null });
    const accepted = await nextRequest('POST', '/api/ballots/b-1/answers');
    expect((accepted.request.body as SubmitAnswerRequest).keyId).toBe('key-new');
  });
});
