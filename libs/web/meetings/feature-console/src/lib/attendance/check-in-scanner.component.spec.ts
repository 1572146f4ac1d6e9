import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { CheckInScannerComponent } from './check-in-scanner.component';

describe('CheckInScannerComponent', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => backend.verify());

  async function render() {
    const fixture = TestBed.createComponent(CheckInScannerComponent);
    fixture.componentRef.setInput('meetingId', 'm1');
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    // Decoding pixels needs a real browser (the hybrid-session journey reads a QR image); here the decoded text is handed in.
    const submit = (code: string) => (fixture.componentInstance as unknown as { submit(code: string): void }).submit(code);
    const result = async () => {
      await fixture.whenStable();
      return root.querySelector('[data-testid="check-in-result"]');
    };
    return { root, submit, result };
  }

  it('says who was checked in, in a live region', async () => {
    const { submit, result } = await render();
    submit('EC1.code');
    const request = backend.expectOne({ method: 'POST', url: '/api/meetings/m1/check-in' });
    expect(request.request.body).toEqual({ code: 'EC1.code' });
    request.flush({ userId: 'u1', fullName: 'Lê Quang Huy', checkedInAt: '2026-12-07T01:00:00.000Z' });
    const status = await result();
    expect(status?.getAttribute('aria-live')).toBe('assertive');
    expect(status?.getAttribute('data-tone')).toBe('ok');
    expect(status?.textContent?.trim()).toBe('Đã điểm danh có mặt: Lê Quang Huy.');
  });

  it('says who was already checked in and when, and why a code is refused', async () => {
    const { submit, result } = await render();
    submit('EC1.code');
    backend
      .expectOne('/api/meetings/m1/check-in')
      .flush(
        { statusCode: 409, code: 'ALREADY_CHECKED_IN', message: 'x', details: { fullName: 'Lê Quang Huy', checkedInAt: '2026-12-07T01:05:00.000Z' }, correlationId: 'c' },
        { status: 409, statusText: 'Conflict' },
      );
    // On the Government's clock (named when the device runs in another zone).
    expect((await result())?.textContent?.trim()).toMatch(/^Lê Quang Huy đã được điểm danh lúc 07\/12\/2026 08:05:00( \(giờ Hà Nội\))?\.$/);
    submit('forged');
    backend.expectOne('/api/meetings/m1/check-in').flush({ statusCode: 422, code: 'CHECK_IN_OTHER_MEETING', message: 'x', correlationId: 'c' }, { status: 422, statusText: 'Unprocessable' });
    const refused = await result();
    expect(refused?.textContent?.trim()).toBe('Mã QR này là của một phiên họp khác.');
    expect(refused?.getAttribute('data-tone')).toBe('error');
  });
});
