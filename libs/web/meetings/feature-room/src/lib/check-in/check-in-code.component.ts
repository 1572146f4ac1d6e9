import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MeetingsApi } from '@ecabinet/web/meetings/data-access';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent } from '@ecabinet/web/shared/ui';

/**
 * The participant's check-in code for this meeting (#15), shown on demand: the secretariat scans
 * it at the door. The QR image comes from the server as SVG and is shown as an image, never
 * inserted as markup.
 */
@Component({
  selector: 'ec-check-in-code',
  imports: [MatButtonModule, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ec-card ec-check-in" aria-labelledby="ec-check-in-heading" data-testid="check-in-code">
      <h2 id="ec-check-in-heading" class="ec-card__title">{{ 'meetings.checkIn.myCode' | t }}</h2>
      @if (image(); as src) {
        <img class="ec-check-in__qr" [src]="src" [alt]="'meetings.checkIn.qrAlt' | t" data-testid="check-in-qr" width="220" height="220" />
        <p class="ec-check-in__hint">{{ 'meetings.checkIn.showAtDoor' | t }}</p>
        <button mat-button type="button" (click)="image.set(null)">{{ 'meetings.checkIn.hide' | t }}</button>
      } @else {
        <p class="ec-check-in__hint">{{ 'meetings.checkIn.codeHint' | t }}</p>
        <button mat-stroked-button type="button" [disabled]="loading()" (click)="show()" data-testid="check-in-show"><ec-icon name="fingerprint" />{{ 'meetings.checkIn.show' | t }}</button>
      }
      <p class="ec-check-in__error" role="alert">{{ error() }}</p>
    </section>
  `,
  styles: `
    .ec-check-in__qr {
      display: block;
      margin: 8px auto;
      width: 220px;
      height: 220px;
      image-rendering: pixelated;
      background: #fff;
    }
    .ec-check-in__hint {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-check-in__error {
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
    }
    .ec-check-in__error:empty {
      display: none;
    }
  `,
})
export class CheckInCodeComponent {
  readonly meetingId = input.required<string>();
  private readonly api = inject(MeetingsApi);
  private readonly i18n = inject(TranslationService);
  protected readonly image = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal('');

  protected show(): void {
    this.loading.set(true);
    this.error.set('');
    this.api.checkInCode(this.meetingId()).subscribe({
      next: ({ svg }) => {
        this.loading.set(false);
        this.image.set(`data:image/svg+xml;base64,${btoa(svg)}`);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.error.set(this.i18n.describeError(error));
      },
    });
  }
}
