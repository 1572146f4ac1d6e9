import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { QuorumResponse, VoteResultResponse } from '@ecabinet/shared/contracts';
import { TranslationService } from '@ecabinet/web/shared/i18n';
import { formatClock } from './clock-format';
import { CountdownChipComponent } from './countdown-chip.component';
import { MeetingWhenPipe } from './meeting-when.pipe';
import { QuorumChipComponent } from './quorum-chip.component';
import { VoteResultComponent } from './vote-result.component';

@Component({
  imports: [VoteResultComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<ec-vote-result [result]="result()" [detailed]="true" />`,
})
class VoteResultHostComponent {
  readonly result = signal<VoteResultResponse>({ agree: 4, disagree: 1, abstain: 0, eligible: 6, needed: 4, passed: true, excluded: 0 });
}

@Component({
  imports: [CountdownChipComponent, QuorumChipComponent, MeetingWhenPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ec-countdown-chip startedAt="2026-11-19T01:00:00.000Z" [plannedMinutes]="10" [now]="now()" />
    <ec-quorum-chip [quorum]="quorum()" />
    <p>{{ '2026-11-19T01:00:00.000Z' | meetingWhen: '2026-11-19T10:00:00.000Z' }}</p>
  `,
})
class HostComponent {
  readonly now = signal(Date.parse('2026-11-19T01:02:30.000Z'));
  readonly quorum = signal<QuorumResponse>({ members: 10, present: 5, required: 7, reached: false });
}

describe('meetings ui', () => {
  beforeEach(() => localStorage.clear());

  it('formats clocks', () => {
    expect(formatClock(65_000)).toBe('01:05');
    expect(formatClock(3_725_400)).toBe('1:02:05');
  });

  it('counts down the planned time, then counts the time over', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const chip = () => (fixture.nativeElement as HTMLElement).querySelector('ec-countdown-chip')?.textContent?.replace(/\s+/g, ' ').trim();
    expect(chip()).toContain('Còn 07:30');
    fixture.componentInstance.now.set(Date.parse('2026-11-19T01:11:05.000Z'));
    await fixture.whenStable();
    expect(chip()).toContain('Quá 01:05');
  });

  it('says whether the quorum is reached, in words', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const text = () => (fixture.nativeElement as HTMLElement).querySelector('ec-quorum-chip')?.textContent?.trim();
    expect(text()).toBe('Chưa đủ túc số: 5/10, cần 7');
    fixture.componentInstance.quorum.set({ members: 10, present: 8, required: 7, reached: true });
    await fixture.whenStable();
    expect(text()).toBe('Đủ túc số: 8/10');
  });

  it('counts members excluded from the item apart in a vote result, with the item quorum, never as absent', async () => {
    const fixture = TestBed.createComponent(VoteResultHostComponent);
    await fixture.whenStable();
    const view = fixture.nativeElement as HTMLElement;
    const text = (selector: string) => view.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
    expect(text('[data-testid="vote-excluded"]')).toBeNull();
    fixture.componentInstance.result.set({
      agree: 4,
      disagree: 1,
      abstain: 0,
      eligible: 6,
      needed: 4,
      passed: true,
      excluded: 2,
      quorum: { members: 7, present: 6, required: 5, reached: true, excluded: 2 },
    });
    await fixture.whenStable();
    expect(text('[data-testid="vote-excluded"]')).toBe('2 người không tham dự nội dung này (xung đột lợi ích), không tính là vắng mặt');
    expect(text('[data-testid="vote-item-quorum"]')).toBe('Túc số của nội dung: 6/7 thành viên có mặt (cần 5); 2 người không tham dự');
  });

  it('writes the meeting time the Vietnamese way, in Hanoi time', async () => {
    TestBed.inject(TranslationService).setDeviceTimeZone('Asia/Ho_Chi_Minh');
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const when = (fixture.nativeElement as HTMLElement).querySelector('p')?.textContent?.trim() ?? '';
    expect(when).toBe('Thứ Năm, 19/11/2026, 08:00–17:00');
  });

  it('shows Hanoi time on a device set to UTC, and says so', async () => {
    TestBed.inject(TranslationService).setDeviceTimeZone('UTC');
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const when = (fixture.nativeElement as HTMLElement).querySelector('p')?.textContent?.trim() ?? '';
    expect(when).toBe('Thứ Năm, 19/11/2026, 08:00–17:00 (giờ Hà Nội)');
  });
});
