import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { MeetingStatus, VideoTokenResponse } from '@ecabinet/shared/contracts';
import { type VideoCallEvents, VideoEngines } from '@ecabinet/web/meetings/data-access';
import { MeetingCallComponent } from './meeting-call.component';

const PASS: VideoTokenResponse = {
  provider: 'jitsi',
  url: 'https://hop.chinhphu.example.vn',
  room: 'ecabinet-m1',
  token: 'jwt',
  expiresAt: '2026-12-07T10:00:00.000Z',
  moderator: false,
  displayName: 'Lê Quang Huy',
};

class FakeEngines {
  opened: { pass: VideoTokenResponse; parent: HTMLElement; events: VideoCallEvents }[] = [];
  left = 0;
  failWith: Error | null = null;
  async open(pass: VideoTokenResponse, parent: HTMLElement, events: VideoCallEvents) {
    if (this.failWith) throw this.failWith;
    this.opened.push({ pass, parent, events });
    return { leave: () => (this.left += 1) };
  }
}

describe('MeetingCallComponent', () => {
  let backend: HttpTestingController;
  let engines: FakeEngines;

  beforeEach(() => {
    engines = new FakeEngines();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), { provide: VideoEngines, useValue: engines }] });
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => backend.verify());

  async function render(video: 'jitsi' | 'livekit' | null, status: MeetingStatus = 'in_session') {
    const fixture = TestBed.createComponent(MeetingCallComponent);
    fixture.componentRef.setInput('meetingId', 'm1');
    fixture.componentRef.setInput('status', status);
    fixture.detectChanges();
    backend.expectOne('/api/config').flush({ timeZone: 'Asia/Ho_Chi_Minh', singleSignOn: false, offlineCopyHours: 72, video });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const settle = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    };
    return { fixture, root, settle };
  }
  const message = (root: HTMLElement) => root.querySelector('[role="status"]')?.textContent?.trim();

  it('offers nothing without a video engine, or when the session is not running', async () => {
    expect((await render(null)).root.querySelector('[data-testid="meeting-call"]')).toBeNull();
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), { provide: VideoEngines, useValue: engines }] });
    backend = TestBed.inject(HttpTestingController);
    expect((await render('jitsi', 'published')).root.querySelector('[data-testid="meeting-call"]')).toBeNull();
  });

  it('joins with the server\'s pass, counts the member remote once connected, and leaves', async () => {
    const { root, settle } = await render('jitsi');
    (root.querySelector('[data-testid="call-join"]') as HTMLButtonElement).click();
    backend.expectOne({ method: 'POST', url: '/api/meetings/m1/video/token' }).flush(PASS);
    await settle();
    expect(engines.opened).toHaveLength(1);
    expect(engines.opened[0].pass).toEqual(PASS);
    expect(engines.opened[0].parent.classList).toContain('ec-call__stage');
    expect(message(root)).toBe('Đang kết nối cuộc họp trực tuyến…');

    engines.opened[0].events.joined();
    backend.expectOne({ method: 'POST', url: '/api/meetings/m1/video/joined' }).flush({ attendance: 'remote' });
    await settle();
    expect(root.querySelector('[data-testid="call-joined"]')?.textContent?.trim()).toBe('Đang tham gia');
    expect(message(root)).toBe('Đã ghi nhận bạn dự họp trực tuyến.');

    (root.querySelector('[data-testid="call-leave"]') as HTMLButtonElement).click();
    await settle();
    expect(engines.left).toBe(1);
    expect(root.querySelector('[data-testid="call-join"]')).not.toBeNull();
    expect(message(root)).toBe('Bạn đã rời cuộc họp trực tuyến.');
  });

  it('says why when the server refuses or the engine cannot be loaded', async () => {
    const { root, settle } = await render('jitsi');
    (root.querySelector('[data-testid="call-join"]') as HTMLButtonElement).click();
    backend
      .expectOne('/api/meetings/m1/video/token')
      .flush({ statusCode: 403, code: 'MEETING_NOT_A_PARTICIPANT', message: 'x', correlationId: 'c' }, { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(message(root)).toBe('Bạn không có tên trong thành phần tham dự phiên họp này.');
    expect(root.querySelector('[data-testid="call-join"]')).not.toBeNull();

    engines.failWith = new Error('https://hop.chinhphu.example.vn/external_api.js could not be loaded');
    (root.querySelector('[data-testid="call-join"]') as HTMLButtonElement).click();
    backend.expectOne('/api/meetings/m1/video/token').flush(PASS);
    await settle();
    expect(message(root)).toBe('Không mở được cuộc họp trực tuyến. Hãy kiểm tra kết nối và thử lại.');
  });
});
