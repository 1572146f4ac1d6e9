import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import type { MeetingSummaryResponse } from '@ecabinet/shared/contracts';
import { AuthStore, authInterceptor } from '@ecabinet/web/identity/data-access';
import { MeetingListPageComponent } from './meeting-list-page.component';

function summary(overrides: Partial<MeetingSummaryResponse>): MeetingSummaryResponse {
  return {
    id: 'm-1',
    title: 'Phiên họp Chính phủ thường kỳ tháng 11 năm 2026',
    kind: 'regular',
    place: 'Phòng họp A, Trụ sở Chính phủ',
    onlineLink: null,
    startsAt: '2026-11-19T01:00:00.000Z',
    endsAt: '2026-11-19T10:00:00.000Z',
    status: 'published',
    myRole: 'member',
    itemCount: 8,
    ...overrides,
  };
}

describe('MeetingListPageComponent', () => {
  let fixture: ComponentFixture<MeetingListPageComponent>;
  let backend: HttpTestingController;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MeetingListPageComponent);
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  const view = () => fixture.nativeElement as HTMLElement;

  it('lists upcoming meetings with status, time, item count and the member role, in Vietnamese', async () => {
    backend.expectOne('/api/meetings?scope=upcoming').flush([summary({})]);
    await fixture.whenStable();
    const row = view().querySelector('[data-meeting-id="m-1"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(row).toContain('Phiên họp Chính phủ thường kỳ tháng 11 năm 2026');
    expect(row).toContain('Đã phát hành');
    expect(row).toMatch(/Thứ Năm, 19\/11\/2026, \d\d:00–\d\d:00/);
    expect(row).toContain('8 nội dung');
    expect(row).toContain('Tham dự với tư cách: Thành viên Chính phủ');
    expect(row).not.toContain('Điều hành');
    expect(view().querySelector('[data-testid="new-meeting"]')).toBeNull();
  });

  it('shows past meetings on their tab, and a calm message when there are none', async () => {
    backend.expectOne('/api/meetings?scope=upcoming').flush([]);
    await fixture.whenStable();
    expect(view().textContent).toContain('Chưa có phiên họp nào sắp diễn ra.');

    [...view().querySelectorAll<HTMLElement>('[role="tab"]')].find((tab) => tab.textContent?.includes('Đã kết thúc'))?.click();
    await fixture.whenStable();
    backend.expectOne('/api/meetings?scope=past').flush([summary({ id: 'm-0', status: 'closed', myRole: 'chair' })]);
    await fixture.whenStable();
    const row = view().querySelector('[data-meeting-id="m-0"]')?.textContent ?? '';
    expect(row).toContain('Đã bế mạc');
    expect(row).toContain('Điều hành');
  });
  it('opens on the past meetings when a link asks for them (?scope=past, from the statistics)', async () => {
    backend.expectOne('/api/meetings?scope=upcoming').flush([]);
    const linked = TestBed.createComponent(MeetingListPageComponent);
    linked.componentRef.setInput('scope', 'past');
    await linked.whenStable();
    backend.match('/api/meetings?scope=upcoming').forEach((request) => request.flush([]));
    backend.expectOne('/api/meetings?scope=past').flush([summary({ id: 'm-0', status: 'closed', myRole: 'chair' })]);
    await linked.whenStable();
    const selected = (linked.nativeElement as HTMLElement).querySelector('[role="tab"][aria-selected="true"]');
    expect(selected?.textContent).toContain('Đã kết thúc');
  });

});

describe('MeetingListPageComponent for the secretariat', () => {
  it('offers "Tạo phiên họp", which opens the new meeting page', async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: AuthStore, useValue: { user: signal({ id: 'u-sec' }), accessToken: signal(null), roles: signal(['secretary']), hasAnyRole: () => true } },
      ],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(MeetingListPageComponent);
    await fixture.whenStable();
    backend.expectOne('/api/meetings?scope=upcoming').flush([summary({ status: 'draft', myRole: null })]);
    await fixture.whenStable();
    const create = (fixture.nativeElement as HTMLElement).querySelector<HTMLAnchorElement>('[data-testid="new-meeting"]');
    expect(create?.textContent?.trim()).toBe('Tạo phiên họp');
    expect(create?.getAttribute('href')).toBe('/meetings/new');
    backend.verify();
  });
});
