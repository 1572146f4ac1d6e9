import { TestBed } from '@angular/core/testing';
import type { MeetingScreens, ParticipantScreens } from '@ecabinet/shared/contracts';
import { ScreensStatusComponent } from './screens-status.component';

const person = (fullName: string, status: ParticipantScreens['status'], screens = status === 'current' || status === 'behind' ? 1 : 0): ParticipantScreens => ({
  userId: `u-${fullName}`,
  fullName,
  role: 'member',
  status,
  screens,
  current: status === 'current' ? screens : 0,
  shownSeq: status === 'current' ? 12 : null,
});

describe('ScreensStatusComponent', () => {
  async function render(screens: MeetingScreens | null): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(ScreensStatusComponent);
    fixture.componentRef.setInput('screens', screens);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }
  const counted = (participants: ParticipantScreens[]): MeetingScreens => ({
    meetingId: 'm1',
    seq: 12,
    screens: participants.reduce((sum, p) => sum + p.screens, 0),
    current: participants.reduce((sum, p) => sum + p.current, 0),
    participants,
    at: '2026-12-07T02:00:00.000Z',
  });

  it('says how many screens are up to date, in a live region, and who is behind and why', async () => {
    const view = await render(counted([person('Phạm Thị Lan', 'behind'), person('Trần Văn Nam', 'reconnecting'), person('Đỗ Minh Châu', 'offline'), person('Lê Quang Huy', 'current', 2)]));
    expect(view.querySelector('[role="status"]')?.textContent?.trim()).toBe('2/3 màn hình đã cập nhật');
    expect(view.querySelector('[data-testid="screens-count"]')?.className).toContain('ec-status-chip--warning');
    const rows = [...view.querySelectorAll('li[data-testid="screens-participant"]:not([data-status="offline"])')].map((row) => [row.querySelector('.ec-screens__name')?.textContent?.trim(), row.querySelector('ec-status-chip')?.textContent?.trim()]);
    expect(rows).toEqual([
      ['Phạm Thị Lan', 'Chưa cập nhật'],
      ['Trần Văn Nam', 'Đang kết nối lại'],
    ]);
    // Those with no screen at all: one line, their names on demand.
    const offline = view.querySelector('[data-testid="screens-offline"]');
    expect(offline?.querySelector('summary')?.textContent?.trim()).toBe('Không kết nối: 1 đại biểu');
    expect([...(offline?.querySelectorAll('li') ?? [])].map((li) => li.textContent?.trim())).toEqual(['Đỗ Minh Châu']);
  });

  it('says plainly when every connected screen is current, and waits for the first count', async () => {
    const all = await render(counted([person('Lê Quang Huy', 'current'), person('Phạm Thị Lan', 'current')]));
    expect(all.querySelector('[data-testid="screens-count"]')?.textContent?.trim()).toBe('2/2 màn hình đã cập nhật');
    expect(all.querySelector('[data-testid="screens-count"]')?.className).toContain('ec-status-chip--success');
    expect(all.querySelector('[data-testid="screens-participant"]')).toBeNull();
    expect(all.textContent).toContain('Mọi màn hình đang kết nối đều hiển thị phiên bản mới nhất của phiên họp.');
    TestBed.resetTestingModule();
    const waiting = await render(null);
    expect(waiting.textContent).toContain('Đang đếm màn hình…');
  });
});
