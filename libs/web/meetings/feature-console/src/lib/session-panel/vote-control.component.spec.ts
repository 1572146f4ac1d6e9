import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import type { VoteResponse } from '@ecabinet/shared/contracts';
import { agendaItem, meetingResponse, voteResponse } from '@ecabinet/web/meetings/data-access/testing';
import { type OpenVoteValue, VoteControlComponent } from './vote-control.component';

const budget = agendaItem({ id: 'budget', number: '1', title: 'Dự án Luật Ngân sách nhà nước', status: 'current' });
const power = agendaItem({ id: 'power', number: '2', position: 1, title: 'Phương án điều chỉnh giá bán lẻ điện bình quân' });

describe('VoteControlComponent', () => {
  let fixture: ComponentFixture<VoteControlComponent>;
  let opened: OpenVoteValue[];

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    fixture = TestBed.createComponent(VoteControlComponent);
    fixture.componentRef.setInput('meeting', meetingResponse({ status: 'in_session', myRole: 'chair', currentItemId: 'budget' }));
    fixture.componentRef.setInput('agenda', [budget, power]);
    fixture.componentRef.setInput('currentItem', budget);
    opened = [];
    fixture.componentInstance.voteOpen.subscribe((value) => opened.push(value));
    await fixture.whenStable();
  });

  afterEach(() => document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = '')));

  const view = () => fixture.nativeElement as HTMLElement;
  const question = () => view().querySelector('textarea') as HTMLTextAreaElement | null;
  const secretBox = () => view().querySelector('mat-checkbox input[type="checkbox"]') as HTMLInputElement | null;
  const defaultQuestion = 'Thông qua nội dung "Dự án Luật Ngân sách nhà nước"?';

  async function fillAndOpen(text: string): Promise<void> {
    const field = question() as HTMLTextAreaElement;
    field.value = text;
    field.dispatchEvent(new Event('input'));
    secretBox()?.click();
    await fixture.whenStable();
    view().querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await fixture.whenStable();
  }

  async function showVote(vote: VoteResponse | null): Promise<void> {
    fixture.componentRef.setInput('vote', vote);
    await fixture.whenStable();
  }

  it('starts the next vote afresh once a vote was opened and closed: the suggested question, named', async () => {
    expect(question()?.value).toBe(defaultQuestion);
    await fillAndOpen('Thông qua nhân sự Thứ trưởng?');
    expect(opened).toEqual([{ itemId: 'budget', question: 'Thông qua nhân sự Thứ trưởng?', secret: true }]);

    // The vote opens (the form gives way to its progress), then the chair closes it.
    const vote = voteResponse({ id: 'v1', itemId: 'budget', question: 'Thông qua nhân sự Thứ trưởng?', secret: true });
    await showVote(vote);
    expect(question()).toBeNull();
    await showVote({ ...vote, status: 'closed', closedAt: '2026-11-19T02:10:00.000Z' });

    expect(question()?.value).toBe(defaultQuestion);
    expect(secretBox()?.checked).toBe(false);
  });

  it('keeps what the chair typed when the vote did not open (a refusal), so it can be sent again', async () => {
    await fillAndOpen('Thông qua nhân sự Thứ trưởng?');
    // No vote came back open: the page said why; the form still holds the question and the secrecy.
    await showVote(null);
    expect(question()?.value).toBe('Thông qua nhân sự Thứ trưởng?');
    expect(secretBox()?.checked).toBe(true);
  });

  it('starts afresh too when a vote opened elsewhere (another console) is closed', async () => {
    await fillAndOpen('Câu hỏi cũ?');
    await showVote(voteResponse({ id: 'v2', itemId: 'power', question: 'Thông qua phương án giá điện?' }));
    await showVote(null);
    expect(question()?.value).toBe(defaultQuestion);
    expect(secretBox()?.checked).toBe(false);
  });
});
