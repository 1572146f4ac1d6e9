import { ChangeDetectionStrategy, Component, DestroyRef, type OnInit, inject, input, signal, viewChild } from '@angular/core';
import { FormControl, FormGroup, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { RoomScreenResponse } from '@ecabinet/shared/contracts';
import { MeetingsApi } from '@ecabinet/web/meetings/data-access';
import { DateTimePipe, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent, StatusChipComponent, confirmAction } from '@ecabinet/web/shared/ui';
import { filter } from 'rxjs';

/** After pairing, the list is read again once the screen has had time to take its credential. */
const CLAIM_RECHECK_MS = 5000;

/**
 * The meeting's room screens (màn hình trình chiếu, #15) for the chair and the secretariat: pair
 * the screen showing a code, see which screens show the meeting, revoke one (after confirming).
 */
@Component({
  selector: 'ec-room-screens-panel',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, IconComponent, StatusChipComponent, TranslatePipe, DateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ec-card ec-room-screens" aria-labelledby="ec-room-screens-heading" data-testid="room-screens">
      <h2 id="ec-room-screens-heading" class="ec-card__title">{{ 'meetings.console.roomScreens.title' | t }}</h2>
      @if (screens().length) {
        <ul class="ec-room-screens__list">
          @for (screen of screens(); track screen.id) {
            <li data-testid="room-screen">
              <div class="ec-room-screens__what">
                <span class="ec-room-screens__label">{{ screen.label }}</span>
                <span class="ec-room-screens__meta">{{ 'meetings.console.roomScreens.pairedBy' | t: { time: (screen.pairedAt | dateTime), name: screen.pairedByName } }}</span>
              </div>
              @if (screen.revokedAt) {
                <ec-status-chip tone="neutral" icon="block">{{ 'meetings.console.roomScreens.revoked' | t }}</ec-status-chip>
              } @else {
                @if (screen.claimedAt) {
                  <ec-status-chip tone="success" icon="live">{{ 'meetings.console.roomScreens.live' | t }}</ec-status-chip>
                } @else {
                  <ec-status-chip tone="warning" icon="sync">{{ 'meetings.console.roomScreens.waitingClaim' | t }}</ec-status-chip>
                }
                @if (writable()) {
                  <button
                    mat-button
                    type="button"
                    class="ec-button--danger"
                    [disabled]="busy()"
                    [attr.aria-label]="'meetings.console.roomScreens.revokeLabel' | t: { label: screen.label }"
                    (click)="revoke(screen)"
                  >
                    {{ 'meetings.console.roomScreens.revoke' | t }}
                  </button>
                }
              }
            </li>
          }
        </ul>
      } @else {
        <p class="ec-room-screens__hint">{{ 'meetings.console.roomScreens.none' | t }}</p>
      }
      @if (writable()) {
        <p class="ec-room-screens__hint">{{ 'meetings.console.roomScreens.hint' | t: { address: address } }}</p>
        <form class="ec-room-screens__form" novalidate [formGroup]="form" (ngSubmit)="pair()">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ 'meetings.console.roomScreens.code' | t }}</mat-label>
            <input matInput formControlName="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="20" data-testid="room-screen-code" />
            <mat-hint>{{ 'meetings.console.roomScreens.codeHint' | t }}</mat-hint>
            @if (form.controls.code.invalid) {
              <mat-error>{{ 'meetings.console.roomScreens.codeInvalid' | t }}</mat-error>
            }
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ 'meetings.console.roomScreens.label' | t }}</mat-label>
            <input matInput formControlName="label" maxlength="100" data-testid="room-screen-label" />
            @if (form.controls.label.invalid) {
              <mat-error>{{ 'meetings.console.roomScreens.labelRequired' | t }}</mat-error>
            }
          </mat-form-field>
          <button mat-flat-button type="submit" [disabled]="busy()"><ec-icon name="link" />{{ 'meetings.console.roomScreens.pair' | t }}</button>
        </form>
      }
      <p class="ec-room-screens__outcome" role="status" aria-live="polite" [class.ec-room-screens__outcome--error]="outcome()?.tone === 'error'" data-testid="room-screens-outcome">
        {{ outcome()?.text }}
      </p>
    </section>
  `,
  styles: `
    .ec-room-screens__list {
      list-style: none;
      margin: 0 0 8px;
      padding: 0;
    }
    .ec-room-screens__list li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
      padding: 6px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .ec-room-screens__what {
      flex: 1 1 160px;
      min-width: 0;
      display: flex;
      flex-direction: column;
    }
    .ec-room-screens__label {
      font: var(--mat-sys-title-small);
    }
    .ec-room-screens__meta,
    .ec-room-screens__hint {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-room-screens__hint {
      margin: 4px 0 8px;
    }
    .ec-room-screens__form {
      display: grid;
      gap: 8px;
    }
    .ec-room-screens__form button {
      justify-self: start;
    }
    .ec-room-screens__outcome {
      margin: 8px 0 0;
      font: var(--mat-sys-body-small);
    }
    .ec-room-screens__outcome:empty {
      display: none;
    }
    .ec-room-screens__outcome--error {
      color: var(--mat-sys-error);
    }
  `,
})
export class RoomScreensPanelComponent implements OnInit {
  readonly meetingId = input.required<string>();
  /** Screens are paired and revoked until the meeting closes; the list stays readable after. */
  readonly writable = input(true);

  private readonly api = inject(MeetingsApi);
  private readonly dialog = inject(MatDialog);
  private readonly i18n = inject(TranslationService);
  private readonly destroyRef = inject(DestroyRef);
  private recheck: ReturnType<typeof setTimeout> | null = null;

  private readonly formDirective = viewChild(FormGroupDirective);
  protected readonly screens = signal<RoomScreenResponse[]>([]);
  protected readonly busy = signal(false);
  protected readonly outcome = signal<{ tone: 'ok' | 'error'; text: string } | null>(null);
  protected readonly address = `${location.origin}/screen`;

  protected readonly form = new FormGroup({
    code: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^[\sA-Za-z0-9-]{4,20}$/)] }),
    label: new FormControl(this.i18n.translate('meetings.console.roomScreens.labelDefault'), { nonNullable: true, validators: [Validators.required, Validators.pattern(/\S/)] }),
  });

  constructor() {
    this.destroyRef.onDestroy(() => {
      if (this.recheck) clearTimeout(this.recheck);
    });
  }

  ngOnInit(): void {
    this.load();
  }

  private load(): void {
    this.api.roomScreens(this.meetingId()).subscribe({
      next: (screens) => this.screens.set(screens),
      error: (error: unknown) => this.outcome.set({ tone: 'error', text: this.i18n.describeError(error) }),
    });
  }

  protected pair(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { code, label } = this.form.getRawValue();
    this.busy.set(true);
    this.outcome.set(null);
    this.api.pairRoomScreen(this.meetingId(), { code, label: label.trim() }).subscribe({
      next: (screen) => {
        this.busy.set(false);
        this.screens.update((screens) => [...screens, screen]);
        this.outcome.set({ tone: 'ok', text: this.i18n.translate('meetings.console.roomScreens.paired', { label: screen.label }) });
        // A fresh form for the next screen: no error shown on the emptied code.
        this.formDirective()?.resetForm({ code: '', label });
        if (this.recheck) clearTimeout(this.recheck);
        this.recheck = setTimeout(() => this.load(), CLAIM_RECHECK_MS);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.outcome.set({ tone: 'error', text: this.i18n.describeError(error) });
      },
    });
  }

  protected revoke(screen: RoomScreenResponse): void {
    confirmAction(this.dialog, {
      title: this.i18n.translate('meetings.console.roomScreens.revokeTitle'),
      message: this.i18n.translate('meetings.console.roomScreens.revokeMessage', { label: screen.label }),
      confirmLabel: this.i18n.translate('meetings.console.roomScreens.revoke'),
      destructive: true,
    })
      .pipe(filter(Boolean))
      .subscribe(() => {
        this.busy.set(true);
        this.api.revokeRoomScreen(this.meetingId(), screen.id).subscribe({
          next: (revoked) => {
            this.busy.set(false);
            this.screens.update((screens) => screens.map((s) => (s.id === revoked.id ? revoked : s)));
            this.outcome.set({ tone: 'ok', text: this.i18n.translate('meetings.console.roomScreens.revokedDone', { label: revoked.label }) });
          },
          error: (error: unknown) => {
            this.busy.set(false);
            this.outcome.set({ tone: 'error', text: this.i18n.describeError(error) });
          },
        });
      });
  }
}
