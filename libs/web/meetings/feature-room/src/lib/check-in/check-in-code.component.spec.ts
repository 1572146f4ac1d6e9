import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { CheckInCodeComponent } from './check-in-code.component';

describe('CheckInCodeComponent', () => {
  it('fetches the code only when asked, and shows the QR as an image, never as markup', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(CheckInCodeComponent);
    fixture.componentRef.setInput('meetingId', 'm1');
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    backend.expectNone('/api/meetings/m1/check-in/code');
    (root.querySelector('[data-testid="check-in-show"]') as HTMLButtonElement).click();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><path d="M0 0h7v7H0z"/></svg>';
    backend.expectOne('/api/meetings/m1/check-in/code').flush({ meetingId: 'm1', code: 'EC1.x', svg });
    await fixture.whenStable();
    const image = root.querySelector('[data-testid="check-in-qr"]') as HTMLImageElement;
    expect(image.getAttribute('src')).toBe(`data:image/svg+xml;base64,${btoa(svg)}`);
    expect(image.alt).toBe('Mã QR điểm danh của bạn cho phiên họp này');
    expect(root.querySelector('svg path')).toBeNull();
    backend.verify();
  });
});
