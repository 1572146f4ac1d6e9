import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import type { BallotNotice, LoginResponse, Role } from '@ecabinet/shared/contracts';
import { AuthStore, authInterceptor } from '@ecabinet/web/identity/data-access';
import { LIVE_SOCKET_FACTORY, type LiveSocketClient } from '@ecabinet/web/live/data-access';
import { TranslationService } from '@ecabinet/web/shared/i18n';
import { firstValueFrom } from 'rxjs';
import { ShellLayoutComponent } from './shell-layout.component';

/** What the server sends, handed to the app as the socket's catch-all listener would. */
let serverSends: (event: string, payload: unknown) => void = () => undefined;

const silentSocket = {
  on: () => silentSocket,
  onAny: (listener: (event: string, payload: unknown) => void) => {
    serverSends = listener;
    return silentSocket;
  },
  connect: () => silentSocket,
  disconnect: () => silentSocket,
  removeAllListeners: () => silentSocket,
  io: { on: () => undefined, removeAllListeners: () => undefined },
  connected: false,
  active: true,
};

function session(roles: Role[], fullName: string): LoginResponse {
  return {
    accessToken: 't',
    expiresIn: 900,
    user: {
      id: 'u-1',
      username: 'x',
      fullName,
      title: null,
      email: null,
      roles,
      disabled: false,
      totpEnabled: false,
      totpRequired: false,
      assists: [],
      createdAt: '2025-01-01T00:00:00.000Z',
    },
  };
}

describe('ShellLayoutComponent', () => {
  let fixture: ComponentFixture<ShellLayoutComponent>;

  async function renderFor(roles: Role[], fullName = 'Nguyễn Thị Mai'): Promise<HTMLElement> {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: LIVE_SOCKET_FACTORY, useValue: () => silentSocket as unknown as LiveSocketClient },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    const signedIn = firstValueFrom(TestBed.inject(AuthStore).login({ username: 'x', password: 'y' }));
    TestBed.inject(HttpTestingController).expectOne('/api/auth/login').flush(session(roles, fullName));
    await signedIn;
    fixture = TestBed.createComponent(ShellLayoutComponent);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const navLabels = (root: HTMLElement) =>
    [...root.querySelectorAll('mat-nav-list a [matListItemTitle]')].map((item) => item.textContent?.trim());

  it('shows a member the work areas in Vietnamese, without administration', async () => {
    const shell = await renderFor(['member']);
    expect(navLabels(shell)).toEqual(['Tổng quan', 'Phiên họp', 'Phiếu của tôi', 'Nghị quyết', 'Nhiệm vụ', 'Tìm kiếm', 'Tài liệu trên thiết bị']);
    expect(shell.querySelector('.ec-user')?.textContent).toContain('Nguyễn Thị Mai');
    expect(shell.querySelector('.ec-user')?.textContent).toContain('Thành viên Chính phủ');
  });

  it('adds Users and Audit log for an administrator', async () => {
    const shell = await renderFor(['admin']);
    expect(navLabels(shell)).toEqual(['Tổng quan', 'Phiên họp', 'Nghị quyết', 'Người dùng', 'Nhật ký hệ thống', 'Truy vết tài liệu']);
    expect(shell.querySelector('.ec-user')?.textContent).toContain('Quản trị hệ thống');
  });

  it('gives the secretariat the ballot desk instead of "My ballots"', async () => {
    expect(navLabels(await renderFor(['secretary']))).toEqual(['Tổng quan', 'Phiên họp', 'Quản lý phiếu', 'Nghị quyết', 'Nhiệm vụ', 'Thống kê', 'Tìm kiếm', 'Tài liệu trên thiết bị']);
  });

  it('gives the chair both their own ballots and the ballot desk (the approval queue)', async () => {
    expect(navLabels(await renderFor(['chair']))).toEqual(['Tổng quan', 'Phiên họp', 'Phiếu của tôi', 'Quản lý phiếu', 'Nghị quyết', 'Chờ duyệt', 'Nhiệm vụ', 'Thống kê', 'Tìm kiếm', 'Tài liệu trên thiết bị']);
  });

  it('shows the live connection state in words, not colour alone', async () => {
    const shell = await renderFor(['member']);
    const status = shell.querySelector('ec-live-status');
    expect(status?.getAttribute('role')).toBe('status');
    expect(status?.textContent).toContain('Đang kết nối');
  });

  it('switches the whole frame to English', async () => {
    const shell = await renderFor(['member']);
    [...shell.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'EN')?.click();
    await fixture.whenStable();
    expect(navLabels(shell)).toEqual(['Overview', 'Meetings', 'My ballots', 'Resolutions', 'Tasks', 'Search', 'Papers on this device']);
    expect(shell.querySelector('.ec-topbar__logout')?.textContent?.trim()).toBe('Sign out');
    expect(document.documentElement.lang).toBe('en');
  });

  it('lets keyboard users skip straight to the content', async () => {
    const shell = await renderFor(['member']);
    const skip = shell.querySelector<HTMLAnchorElement>('.ec-skip-link');
    expect(skip?.textContent?.trim()).toBe('Chuyển đến nội dung chính');
    skip?.click();
    expect(document.activeElement?.id).toBe('main-content');
  });
  it('tells a delegate, wherever they are, which members have not answered a ballot, without opening it', async () => {
    await renderFor(['delegate'], 'Trần Văn Bình');
    const notice: BallotNotice = {
      ballotId: 'b-1',
      kind: 'delegate-reminder',
      title: 'Phiếu lấy ý kiến về dự thảo Nghị định',
      deadline: '2026-12-01T10:00:00.000Z',
      members: ['Lê Quang Huy', 'Phạm Thị Lan'],
    };
    serverSends('ballot:notice', { ...notice, kind: 'reminder' });
    await fixture.whenStable();
    expect(document.querySelector('mat-snack-bar-container')).toBeNull();

    serverSends('ballot:notice', notice);
    await fixture.whenStable();
    const snackBar = document.querySelector('mat-snack-bar-container');
    // The deadline on the Government's clock (17:00 in Hanoi), named when this device runs elsewhere.
    const deadline = TestBed.inject(TranslationService).formatDateTime(notice.deadline);
    expect(deadline).toMatch(/^01\/12\/2026 17:00:00( \(giờ Hà Nội\))?$/);
    expect(snackBar?.textContent).toContain(
      `Nhắc việc: Lê Quang Huy, Phạm Thị Lan chưa trả lời phiếu lấy ý kiến "Phiếu lấy ý kiến về dự thảo Nghị định". Hạn trả lời: ${deadline}.`,
    );
    expect(snackBar?.querySelector('a')).toBeNull();
  });
});
