import { ChangeDetectionStrategy, Component, DestroyRef, type ElementRef, inject, input, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { readApiError, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { MeetingsApi } from '@ecabinet/web/meetings/data-access';
import { IconComponent } from '@ecabinet/web/shared/ui';

/** How often a camera frame is looked at for a code. */
const SCAN_INTERVAL_MS = 250;

interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type BarcodeDetectorClass = new (options: { formats: string[] }) => BarcodeDetectorLike;

/** The browser's detector, made once (a frame is looked at four times a second); null once it proved unable. */
let detector: BarcodeDetectorLike | null | undefined;

function browserDetector(): BarcodeDetectorLike | null {
  if (detector === undefined) {
    const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
    try {
      detector = Detector ? new Detector({ formats: ['qr_code'] }) : null;
    } catch {
      detector = null;
    }
  }
  return detector;
}

/** Reads a QR code from pixels: the browser's own detector where it has one, else jsQR (loaded on demand). */
async function readQr(canvas: HTMLCanvasElement): Promise<string | null> {
  const native = browserDetector();
  if (native) {
    try {
      const [found] = await native.detect(canvas);
      if (found) return found.rawValue;
    } catch {
      // Some platforms declare it without a QR reader: jsQR from now on.
      detector = null;
    }
  }
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  const { default: jsQR } = await import('jsqr');
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(pixels.data, pixels.width, pixels.height)?.data ?? null;
}

/**
 * Check-in at the door (#15): the secretariat's tablet reads a participant's QR code with its
 * camera, or from a picture of it, and the API marks him in the room. Each result is said aloud
 * (a live region): who was checked in, or why not (forged, another meeting's, already in).
 */
@Component({
  selector: 'ec-check-in-scanner',
  imports: [MatButtonModule, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ec-scan" aria-labelledby="ec-scan-heading" data-testid="check-in-scanner">
      <h3 id="ec-scan-heading" class="ec-scan__title">{{ 'meetings.checkIn.scanTitle' | t }}</h3>
      <div class="ec-scan__actions">
        @if (scanning()) {
          <button mat-stroked-button type="button" (click)="stopCamera()"><ec-icon name="stop" />{{ 'meetings.checkIn.stopCamera' | t }}</button>
        } @else {
          <button mat-flat-button type="button" (click)="startCamera()" data-testid="check-in-camera"><ec-icon name="videocam" />{{ 'meetings.checkIn.camera' | t }}</button>
        }
        <button mat-stroked-button type="button" (click)="file.click()"><ec-icon name="upload" />{{ 'meetings.checkIn.fromImage' | t }}</button>
        <input #file type="file" accept="image/*" hidden (change)="fromImage(file)" data-testid="check-in-image" [attr.aria-label]="'meetings.checkIn.fromImage' | t" />
      </div>
      <video #video class="ec-scan__video" [hidden]="!scanning()" muted playsinline aria-hidden="true"></video>
      <p class="ec-scan__result" role="status" aria-live="assertive" [attr.data-tone]="result()?.tone" data-testid="check-in-result">{{ result()?.text }}</p>
    </section>
  `,
  styles: `
    .ec-scan {
      padding: 12px 16px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .ec-scan__title {
      margin: 0 0 8px;
      font: var(--mat-sys-title-small);
    }
    .ec-scan__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .ec-scan__video {
      display: block;
      margin-top: 8px;
      width: 100%;
      max-width: 360px;
      border-radius: 8px;
      background: #000;
    }
    .ec-scan__video[hidden] {
      display: none;
    }
    .ec-scan__result {
      margin: 8px 0 0;
      font: var(--mat-sys-body-medium);
    }
    .ec-scan__result:empty {
      display: none;
    }
    .ec-scan__result[data-tone='ok'] {
      color: var(--ec-success, #1b5e20);
    }
    .ec-scan__result[data-tone='error'] {
      color: var(--mat-sys-error);
    }
  `,
})
export class CheckInScannerComponent {
  readonly meetingId = input.required<string>();

  private readonly api = inject(MeetingsApi);
  private readonly i18n = inject(TranslationService);
  private readonly video = viewChild.required<ElementRef<HTMLVideoElement>>('video');
  private stream: MediaStream | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** A code just sent is not sent again while it stays in front of the camera. */
  private lastCode: string | null = null;

  protected readonly scanning = signal(false);
  protected readonly result = signal<{ tone: 'ok' | 'error'; text: string } | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopCamera());
  }

  protected async startCamera(): Promise<void> {
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    } catch {
      this.result.set({ tone: 'error', text: this.i18n.translate('meetings.checkIn.noCamera') });
      return;
    }
    const video = this.video().nativeElement;
    video.srcObject = this.stream;
    await video.play().catch(() => undefined);
    this.scanning.set(true);
    this.lastCode = null;
    const canvas = document.createElement('canvas');
    this.timer = setInterval(() => {
      if (!video.videoWidth) return;
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext('2d')?.drawImage(video, 0, 0);
      void readQr(canvas).then((code) => {
        if (code && code !== this.lastCode) {
          this.lastCode = code;
          this.submit(code);
        }
      });
    }, SCAN_INTERVAL_MS);
  }

  protected stopCamera(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = null;
    this.scanning.set(false);
  }

  protected async fromImage(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const bitmap = await createImageBitmap(file);
      const canvas = document.createElement('canvas');
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
      const code = await readQr(canvas);
      if (code) this.submit(code);
      else this.result.set({ tone: 'error', text: this.i18n.translate('meetings.checkIn.noCodeInImage') });
    } catch {
      this.result.set({ tone: 'error', text: this.i18n.translate('meetings.checkIn.notAnImage') });
    }
  }

  private submit(code: string): void {
    this.api.checkIn(this.meetingId(), code).subscribe({
      next: ({ fullName }) => this.result.set({ tone: 'ok', text: this.i18n.translate('meetings.checkIn.done', { name: fullName }) }),
      error: (error: unknown) => {
        const body = readApiError(error);
        const details = body?.details as { fullName?: string; checkedInAt?: string } | undefined;
        const text =
          body?.code === 'ALREADY_CHECKED_IN' && details?.fullName
            ? this.i18n.translate('meetings.checkIn.already', { name: details.fullName, time: this.i18n.formatDateTime(details.checkedInAt) })
            : this.i18n.describeError(error);
        this.result.set({ tone: 'error', text });
      },
    });
  }
}
