import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import type { AnswerReceipt, BallotResponse, OpinionInput } from '@ecabinet/shared/contracts';
import { BallotAnswerService } from '@ecabinet/web/ballots/data-access';
import { AuthStore } from '@ecabinet/web/identity/data-access';
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
  mine: { answered: false, revision: 0, answeredAt: null },
  tally: null,
  recipients: null,
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
      signedAt: '2026-11-22T08:00:00.000Z',
      answers: answers.map((a) => ({ questionId: a.questionId, choice: a.choice, comment: a.comment ?? '' })),
    },
  };
}

describe('BallotPageComponent', () => {
  let fixture: ComponentFixture<BallotPageComponent>;
  let backend: HttpTestingController;
  const signAndSend = jest.fn<Promise<AnswerReceipt>, [BallotResponse, string, readonly OpinionInput[]]>();

  beforeEach(async () => {
    localStorage.clear();
    signAndSend.mockReset();
    TestBed.configureTestingModule({
      imports: [BallotPageComponent],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: BallotAnswerService, useValue: { signAndSend } },
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

  it('refuses to sign while a question is unanswered or "other opinion" has no comment', async () => {
    signButton().click();
    await fixture.whenStable();
    expect(view().textContent).toContain('Còn 2 câu chưa có ý kiến hợp lệ.');
    expect(question(1).textContent).toContain('Vui lòng chọn ý kiến cho câu này.');
    expect(question(2).textContent).toContain('Vui lòng ghi rõ ý kiến khác của bạn.');
    expect(document.querySelector('.cdk-overlay-container [role="alertdialog"]')).toBeNull();
    expect(signAndSend).not.toHaveBeenCalled();
  });

  it('signs after confirmation and shows the receipt, with the fingerprint grouped for reading', async () => {
    radio(1, 'agree').click();
    const comment = question(2).querySelector('textarea') as HTMLTextAreaElement;
    comment.value = 'Chỉ phân cấp dự án nhóm B';
    comment.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    signAndSend.mockImplementation(async (_ballot, _user, answers) => receiptFor(answers));

    signButton().click();
    await fixture.whenStable();
    const confirm = [...document.querySelectorAll<HTMLButtonElement>('.cdk-overlay-container button')].find((b) => b.textContent?.trim() === 'Ký và gửi');
    confirm?.click();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();

    expect(signAndSend).toHaveBeenCalledWith(expect.objectContaining({ id: 'b-1' }), 'u-1', [
      { questionId: 'q-1', choice: 'agree' },
      { questionId: 'q-2', choice: 'other', comment: 'Chỉ phân cấp dự án nhóm B' },
    ]);
    const receipt = view().querySelector('[data-testid="receipt"]') as HTMLElement;
    expect(receipt.querySelector('[data-testid="receipt-fingerprint"]')?.textContent?.trim()).toBe(Array(16).fill('abab').join(' '));
    expect(receipt.textContent).toContain('Ý kiến khác');
    expect(signButton().textContent).toContain('Ký và gửi ý kiến sửa đổi');
    // The page re-reads the ballot after a signed answer.
    backend.expectOne('/api/ballots/b-1').flush({ ...ballot, mine: { answered: true, revision: 1, answeredAt: '2026-11-22T08:00:01.000Z' } });
  });

  it('explains a refusal from the server in words', async () => {
    radio(1, 'disagree').click();
    radio(2, 'agree').click();
    await fixture.whenStable();
    signAndSend.mockRejectedValue({ status: 409, error: { statusCode: 409, code: 'BALLOT_CLOSED', message: 'closed', correlationId: 'c' } });
    signButton().click();
    await fixture.whenStable();
    [...document.querySelectorAll<HTMLButtonElement>('.cdk-overlay-container button')].find((b) => b.textContent?.trim() === 'Ký và gửi')?.click();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    expect(view().querySelector('[data-testid="send-error"]')?.textContent).toContain('Phiếu lấy ý kiến đã kết thúc');
  });
});
