import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import type { RoomScreenResponse } from '@ecabinet/shared/contracts';
import { of } from 'rxjs';
import { RoomScreensPanelComponent } from './room-screens-panel.component';

const screen = (overrides: Partial<RoomScreenResponse> = {}): RoomScreenResponse => ({
  id: 's1',
  meetingId: 'm1',
  label: 'Màn hình chính',
  pairedAt: '2026-12-07T01:00:00.000Z',
  pairedByName: 'Trần Thị Thu Hà',
  claimedAt: '2026-12-07T01:00:03.000Z',
  revokedAt: null,
  ...overrides,
});

describe('RoomScreensPanelComponent', () => {
  let backend: HttpTestingController;
  let confirmed: boolean;

  beforeEach(() => {
    confirmed = true;
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MatDialog, useValue: { open: () => ({ afterClosed: () => of(confirmed) }) } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => backend.verify());

  async function render(screens: RoomScreenResponse[], writable = true): Promise<{ root: HTMLElement; stable: () => Promise<void> }> {
    const fixture = TestBed.createComponent(RoomScreensPanelComponent);
    fixture.componentRef.setInput('meetingId', 'm1');
    fixture.componentRef.setInput('writable', writable);
    fixture.detectChanges();
    backend.expectOne({ method: 'GET', url: '/api/meetings/m1/room-screens' }).flush(screens);
    await fixture.whenStable();
    return { root: fixture.nativeElement as HTMLElement, stable: () => fixture.whenStable() };
  }
  const rows = (root: HTMLElement) =>
    [...root.querySelectorAll('[data-testid="room-screen"]')].map((row) =>
      [...row.querySelectorAll('.ec-room-screens__label, .ec-room-screens__meta, ec-status-chip, button')].map((part) => part.textContent?.replace(/\s+/g, ' ').trim()).join(' | '),
    );
  const input = (root: HTMLElement, testId: string, value: string) => {
    const field = root.querySelector(`[data-testid="${testId}"]`) as HTMLInputElement;
    field.value = value;
    field.dispatchEvent(new Event('input'));
  };
  const outcome = (root: HTMLElement) => root.querySelector('[data-testid="room-screens-outcome"]')?.textContent?.trim();

  it('lists the screens with what each is doing', async () => {
    const { root } = await render([screen(), screen({ id: 's2', label: 'Máy chiếu', claimedAt: null }), screen({ id: 's3', label: 'TV cũ', revokedAt: '2026-12-07T02:00:00.000Z' })]);
    expect(rows(root)).toEqual([
      'Màn hình chính | Ghép lúc 07/12/2026 08:00:00 (giờ Hà Nội) bởi Trần Thị Thu Hà | Đang hiển thị | Thu hồi',
      'Máy chiếu | Ghép lúc 07/12/2026 08:00:00 (giờ Hà Nội) bởi Trần Thị Thu Hà | Đang chờ màn hình nhận | Thu hồi',
      'TV cũ | Ghép lúc 07/12/2026 08:00:00 (giờ Hà Nội) bởi Trần Thị Thu Hà | Đã thu hồi',
    ]);
    expect(root.querySelector('button[aria-label="Thu hồi màn hình Máy chiếu"]')).not.toBeNull();
  });

  it('pairs the screen showing a code, and says plainly when no screen shows it', async () => {
    const { root, stable } = await render([]);
    expect(root.textContent).toContain('Chưa ghép màn hình nào.');
    expect(root.textContent).toContain('/screen');

    // Not sent while the code is malformed.
    input(root, 'room-screen-code', '<b>');
    (root.querySelector('form button[type="submit"]') as HTMLButtonElement).click();
    await stable();
    expect(root.textContent).toContain('Mã gồm chữ và số, như hiện trên màn hình.');

    input(root, 'room-screen-code', 'aaaaaa');
    (root.querySelector('form button[type="submit"]') as HTMLButtonElement).click();
    const refused = backend.expectOne({ method: 'POST', url: '/api/meetings/m1/room-screens' });
    expect(refused.request.body).toEqual({ code: 'aaaaaa', label: 'Màn hình chính' });
    refused.flush({ statusCode: 404, code: 'PAIRING_CODE_UNKNOWN', message: 'x', correlationId: 'c' }, { status: 404, statusText: 'Not Found' });
    await stable();
    expect(outcome(root)).toContain('Không có màn hình nào đang hiển thị mã này.');

    input(root, 'room-screen-code', 'K7M2QX');
    input(root, 'room-screen-label', '  Máy chiếu 4K ');
    (root.querySelector('form button[type="submit"]') as HTMLButtonElement).click();
    const paired = backend.expectOne({ method: 'POST', url: '/api/meetings/m1/room-screens' });
    expect(paired.request.body).toEqual({ code: 'K7M2QX', label: 'Máy chiếu 4K' });
    paired.flush(screen({ id: 's9', label: 'Máy chiếu 4K', claimedAt: null }));
    await stable();
    expect(outcome(root)).toBe('Đã ghép “Máy chiếu 4K”. Màn hình sẽ hiển thị phiên họp trong giây lát.');
    expect(rows(root)).toEqual([expect.stringContaining('Đang chờ màn hình nhận')]);
    expect((root.querySelector('[data-testid="room-screen-code"]') as HTMLInputElement).value).toBe('');
  });

  it('revokes a screen only once confirmed', async () => {
    const { root, stable } = await render([screen()]);
    confirmed = false;
    (root.querySelector('button[aria-label="Thu hồi màn hình Màn hình chính"]') as HTMLButtonElement).click();
    backend.expectNone('/api/meetings/m1/room-screens/s1');
    confirmed = true;
    (root.querySelector('button[aria-label="Thu hồi màn hình Màn hình chính"]') as HTMLButtonElement).click();
    backend.expectOne({ method: 'DELETE', url: '/api/meetings/m1/room-screens/s1' }).flush(screen({ revokedAt: '2026-12-07T02:00:00.000Z' }));
    await stable();
    expect(rows(root)).toEqual([expect.stringContaining('Đã thu hồi')]);
    expect(outcome(root)).toBe('Đã thu hồi “Màn hình chính”.');
  });

  it('after the meeting closes, only lists', async () => {
    const { root } = await render([screen()], false);
    expect(root.querySelector('form')).toBeNull();
    expect(root.querySelector('button')).toBeNull();
  });
});
