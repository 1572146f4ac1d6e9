import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { MeetingRoomResponse, ParticipantResponse, SpeakerResponse } from '@ecabinet/shared/contracts';
import { SeatPlanComponent } from './seat-plan.component';

const person = (userId: string, fullName: string, attendance: ParticipantResponse['attendance']): ParticipantResponse => ({ userId, fullName, title: null, role: 'member', delegateForUserId: null, attendance });
const PARTICIPANTS = [person('u-huy', 'Lê Quang Huy', 'in_room'), person('u-lan', 'Phạm Thị Lan', 'remote'), person('u-duc', 'Đặng Văn Đức', 'absent')];
const ROOM: MeetingRoomResponse = {
  id: 'room-a',
  name: 'Phòng họp A',
  rows: [{ label: 'Hàng A', seats: [{ key: 'r1s1', label: 'A1' }, { key: 'r1s2', label: 'A2' }, { key: 'r1s3', label: 'A3' }] }],
  updatedAt: '2026-12-07T01:00:00.000Z',
};
const speaking: SpeakerResponse = { id: 's1', itemId: 'i1', userId: 'u-huy', fullName: 'Lê Quang Huy', state: 'speaking', requestedAt: '2026-12-07T01:00:00.000Z', startedAt: '2026-12-07T01:01:00.000Z', endedAt: null };

describe('SeatPlanComponent', () => {
  let backend: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => backend.verify());

  async function render(seats: { seatKey: string; userId: string }[], canDraw = true) {
    const fixture = TestBed.createComponent(SeatPlanComponent);
    fixture.componentRef.setInput('meetingId', 'm1');
    fixture.componentRef.setInput('participants', PARTICIPANTS);
    fixture.componentRef.setInput('speakers', [speaking]);
    fixture.componentRef.setInput('canDraw', canDraw);
    fixture.detectChanges();
    backend.expectOne('/api/rooms').flush([ROOM]);
    backend.expectOne('/api/meetings/m1/seats').flush({ room: ROOM, seats });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const seatButtons = () => [...root.querySelectorAll<HTMLButtonElement>('[data-testid="seat"]')];
    return { fixture, root, seatButtons, component: fixture.componentInstance as unknown as { placing: string | null; draft: { name: string; rows: number; seats: number } } };
  }

  it('shows who sits where, how each is present and who holds the floor, in words for a screen reader', async () => {
    const { seatButtons } = await render([{ seatKey: 'r1s1', userId: 'u-huy' }, { seatKey: 'r1s2', userId: 'u-lan' }]);
    expect(seatButtons().map((seat) => [seat.getAttribute('data-state'), seat.getAttribute('data-floor'), seat.getAttribute('aria-label')])).toEqual([
      ['in_room', 'speaking', 'Ghế A1: Lê Quang Huy, Có mặt, Đang phát biểu'],
      ['remote', null, 'Ghế A2: Phạm Thị Lan, Họp trực tuyến'],
      ['empty', null, 'Ghế A3: trống'],
    ]);
    expect(seatButtons()[0].textContent).toContain('Huy');
  });

  it('seats a chosen participant (moving him if seated), frees a seat, and saves the plan', async () => {
    const { fixture, seatButtons, component, root } = await render([{ seatKey: 'r1s1', userId: 'u-huy' }]);
    component.placing = 'u-huy';
    seatButtons()[2].click();
    component.placing = 'u-duc';
    seatButtons()[0].click();
    seatButtons()[2].click(); // nobody chosen: frees A3
    await fixture.whenStable();
    (root.querySelector('[data-testid="seat-save"]') as HTMLButtonElement).click();
    const put = backend.expectOne({ method: 'PUT', url: '/api/meetings/m1/seats' });
    expect(put.request.body).toEqual({ roomId: 'room-a', seats: [{ seatKey: 'r1s1', userId: 'u-duc' }] });
    put.flush({ room: ROOM, seats: [{ seatKey: 'r1s1', userId: 'u-duc' }] });
    await fixture.whenStable();
    expect(root.querySelector('[data-testid="seat-outcome"]')?.textContent?.trim()).toBe('Đã lưu xếp chỗ ngồi. Màn hình trình chiếu cập nhật ngay.');
  });

  it('draws a room of rows and seats, labelled A1, A2…, and uses it', async () => {
    const { fixture, root, component } = await render([]);
    (root.querySelector('[data-testid="seat-draw"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    component.draft = { name: 'Phòng họp B', rows: 2, seats: 3 };
    (root.querySelector('[data-testid="seat-draw-form"] button[type="submit"]') as HTMLButtonElement).click();
    const post = backend.expectOne({ method: 'POST', url: '/api/rooms' });
    expect(post.request.body).toEqual({
      name: 'Phòng họp B',
      rows: [
        { label: 'Hàng A', seats: [{ label: 'A1' }, { label: 'A2' }, { label: 'A3' }] },
        { label: 'Hàng B', seats: [{ label: 'B1' }, { label: 'B2' }, { label: 'B3' }] },
      ],
    });
    post.flush({ ...ROOM, id: 'room-b', name: 'Phòng họp B' });
    await fixture.whenStable();
    expect(root.querySelector('[data-testid="seat-outcome"]')?.textContent?.trim()).toBe('Đã lưu sơ đồ phòng “Phòng họp B”.');
  });

  it('redraws the chosen room in place', async () => {
    const { fixture, root, component } = await render([{ seatKey: 'r1s1', userId: 'u-huy' }]);
    (root.querySelector('[data-testid="seat-draw"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    component.draft = { name: 'Phòng họp A', rows: 1, seats: 4 };
    (root.querySelector('[data-testid="seat-redraw"]') as HTMLButtonElement).click();
    const put = backend.expectOne({ method: 'PUT', url: '/api/rooms/room-a' });
    expect(put.request.body.rows[0].seats).toHaveLength(4);
    put.flush({ ...ROOM, rows: [{ label: 'Hàng A', seats: [1, 2, 3, 4].map((n) => ({ key: `r1s${n}`, label: `A${n}` })) }] });
    await fixture.whenStable();
    expect(root.querySelectorAll('[data-testid="seat"]')).toHaveLength(4);
  });

  it('renames rows and seats in place: the same seats, so the seating stays; a seat left unnamed is refused', async () => {
    const { fixture, root, seatButtons } = await render([{ seatKey: 'r1s2', userId: 'u-lan' }]);
    (root.querySelector('[data-testid="seat-rename-start"]') as HTMLButtonElement).click();
    fixture.detectChanges();
    await fixture.whenStable();
    const inputs = () => [...root.querySelectorAll<HTMLInputElement>('[data-testid="seat-rename"]')];
    expect(inputs().map((input) => input.value)).toEqual(['A1', 'A2', 'A3']);
    const type = (input: HTMLInputElement, value: string) => {
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    type(inputs()[0], '   ');
    fixture.detectChanges();
    (root.querySelector('[data-testid="seat-rename-save"]') as HTMLButtonElement).click();
    fixture.detectChanges();
    backend.expectNone({ method: 'PUT', url: '/api/rooms/room-a' });
    expect(root.textContent).toContain('Mỗi hàng và mỗi ghế cần có tên.');

    type(inputs()[0], 'Chủ tọa');
    type(inputs()[1], ' Bộ trưởng 1 ');
    fixture.detectChanges();
    (root.querySelector('[data-testid="seat-rename-save"]') as HTMLButtonElement).click();
    const put = backend.expectOne({ method: 'PUT', url: '/api/rooms/room-a' });
    expect(put.request.body).toEqual({ name: 'Phòng họp A', rows: [{ label: 'Hàng A', seats: [{ label: 'Chủ tọa' }, { label: 'Bộ trưởng 1' }, { label: 'A3' }] }] });
    put.flush({ ...ROOM, rows: [{ label: 'Hàng A', seats: [{ key: 'r1s1', label: 'Chủ tọa' }, { key: 'r1s2', label: 'Bộ trưởng 1' }, { key: 'r1s3', label: 'A3' }] }] });
    fixture.detectChanges();
    await fixture.whenStable();
    // The seat plan is not asked for again nor reset: Lan still sits in the renamed seat.
    expect(seatButtons()[1].getAttribute('aria-label')).toBe('Ghế Bộ trưởng 1: Phạm Thị Lan, Họp trực tuyến');
    expect(root.querySelector('[data-testid="seat-rename-form"]')).toBeNull();
    expect(root.querySelector('[data-testid="seat-save"]')?.hasAttribute('disabled')).toBe(true);
  });
});
