import { ChangeDetectionStrategy, Component, DestroyRef, type ElementRef, computed, inject, input, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import type { MeetingStatus } from '@ecabinet/shared/contracts';
import { MeetingsApi, type VideoCall, VideoEngines } from '@ecabinet/web/meetings/data-access';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent, StatusChipComponent } from '@ecabinet/web/shared/ui';
import { catchError, firstValueFrom, of } from 'rxjs';

type CallState = 'idle' | 'connecting' | 'joined';

/**
 * The meeting's call (#15), beside the agenda: shown only when the installation has a video
 * engine and the session runs. Joining asks the server for a pass (issued to participants only),
 * opens the engine's own client here, and once connected the member counts as present remotely.
 */
@Component({
  selector: 'ec-meeting-call',
  imports: [MatButtonModule, IconComponent, StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (offered()) {
      <section class="ec-card ec-call" aria-labelledby="ec-call-heading" data-testid="meeting-call" [attr.data-state]="state()">
        <div class="ec-call__head">
          <h2 id="ec-call-heading" class="ec-card__title">{{ 'meetings.call.title' | t }}</h2>
          @if (state() === 'joined') {
            <ec-status-chip tone="success" icon="live" data-testid="call-joined">{{ 'meetings.call.joined' | t }}</ec-status-chip>
          }
        </div>
        <div class="ec-call__stage" #stage [hidden]="state() === 'idle'"></div>
        @if (state() === 'idle') {
          <p class="ec-call__hint">{{ 'meetings.call.hint' | t }}</p>
          <button mat-flat-button type="button" (click)="join()" data-testid="call-join"><ec-icon name="videocam" />{{ 'meetings.call.join' | t }}</button>
        } @else {
          <button mat-stroked-button type="button" (click)="leave()" data-testid="call-leave"><ec-icon name="close" />{{ 'meetings.call.leave' | t }}</button>
        }
        <p class="ec-call__message" role="status" aria-live="polite" [class.ec-call__message--error]="error()">{{ message() }}</p>
      </section>
    }
  `,
  styles: `
    .ec-call__head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
    }
    .ec-call__head .ec-card__title {
      margin: 0;
    }
    .ec-call__stage {
      margin: 8px 0;
      aspect-ratio: 16 / 10;
      min-height: 200px;
      border-radius: 8px;
      overflow: hidden;
      background: #10161f;
    }
    .ec-call__stage[hidden] {
      display: none;
    }
    .ec-call__hint,
    .ec-call__message {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-call__message:empty {
      display: none;
    }
    .ec-call__message--error {
      color: var(--mat-sys-error);
    }
    :host ::ng-deep .ec-call__grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(120px, 1fr));
      gap: 4px;
      height: 100%;
    }
    :host ::ng-deep .ec-call__grid video {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
  `,
})
export class MeetingCallComponent {
  readonly meetingId = input.required<string>();
  readonly status = input.required<MeetingStatus>();

  private readonly api = inject(MeetingsApi);
  private readonly engines = inject(VideoEngines);
  private readonly i18n = inject(TranslationService);
  private readonly stage = viewChild<ElementRef<HTMLElement>>('stage');
  private call: VideoCall | null = null;

  private readonly provider = toSignal(this.api.videoProvider().pipe(catchError(() => of(null))), { initialValue: null });
  protected readonly state = signal<CallState>('idle');
  protected readonly message = signal('');
  protected readonly error = signal(false);
  /** Offered while the session runs (open or adjourned), or while a call is still on. */
  protected readonly offered = computed(() => this.provider() !== null && (this.status() === 'in_session' || this.status() === 'adjourned' || this.state() !== 'idle'));

  constructor() {
    inject(DestroyRef).onDestroy(() => this.call?.leave());
  }

  protected async join(): Promise<void> {
    this.state.set('connecting');
    this.error.set(false);
    this.message.set(this.i18n.translate('meetings.call.connecting'));
    try {
      const pass = await firstValueFrom(this.api.videoToken(this.meetingId()));
      const stage = this.stage()?.nativeElement;
      if (!stage) throw new Error('no stage');
      this.call = await this.engines.open(pass, stage, {
        joined: () => {
          this.state.set('joined');
          this.message.set('');
          this.api.videoJoined(this.meetingId()).subscribe({
            next: ({ attendance }) => this.message.set(attendance === 'remote' ? this.i18n.translate('meetings.call.countedRemote') : ''),
            error: () => undefined,
          });
        },
        ended: () => this.ended(),
      });
    } catch (error) {
      this.call = null;
      this.state.set('idle');
      this.error.set(true);
      this.message.set(error instanceof Error && !('status' in error) ? this.i18n.translate('meetings.call.engineFailed') : this.i18n.describeError(error));
    }
  }

  protected leave(): void {
    const call = this.call;
    this.call = null;
    call?.leave();
    this.ended();
  }

  private ended(): void {
    this.call = null;
    this.state.set('idle');
    this.error.set(false);
    this.message.set(this.i18n.translate('meetings.call.left'));
  }
}
