import { Clipboard } from '@angular/cdk/clipboard';
import { LiveAnnouncer } from '@angular/cdk/a11y';
import { ChangeDetectionStrategy, Component, DestroyRef, type ElementRef, Injector, afterNextRender, computed, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { SigningKeyListItem, UserResponse } from '@ecabinet/shared/contracts';
import { BallotsApi, groupHex } from '@ecabinet/web/ballots/data-access';
import { DateTimePipe, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, IconComponent, StatusChipComponent, confirmAction } from '@ecabinet/web/shared/ui';
import { EMPTY, catchError, filter, finalize, switchMap } from 'rxjs';

export interface SigningKeysDialogData {
  readonly user: Pick<UserResponse, 'id' | 'fullName'>;
}

/**
 * A user's device signing keys for the administrator: label, fingerprint (grouped, copyable),
 * when registered, how much each signed, active or revoked; revoking one after a confirmation
 * that names the user and the fingerprint.
 */
@Component({
  selector: 'ec-signing-keys-dialog',
  imports: [MatDialogModule, MatButtonModule, MatProgressBarModule, MatTooltipModule, EmptyStateComponent, IconComponent, StatusChipComponent, TranslatePipe, DateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './signing-keys-dialog.component.html',
  styleUrl: './signing-keys-dialog.component.scss',
})
export class SigningKeysDialogComponent {
  private readonly api = inject(BallotsApi);
  private readonly dialog = inject(MatDialog);
  private readonly clipboard = inject(Clipboard);
  private readonly announcer = inject(LiveAnnouncer);
  private readonly i18n = inject(TranslationService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);
  private readonly doneNotice = viewChild<ElementRef<HTMLElement>>('doneNotice');

  protected readonly user = inject<SigningKeysDialogData>(MAT_DIALOG_DATA).user;
  protected readonly keys = signal<readonly SigningKeyListItem[]>([]);
  protected readonly loading = signal(true);
  private readonly loadFailure = signal<unknown>(null);
  protected readonly loadError = computed(() => (this.loadFailure() ? this.i18n.describeError(this.loadFailure()) : null));
  /** The key being revoked (its button is busy meanwhile). */
  protected readonly revoking = signal<string | null>(null);
  private readonly revokeFailure = signal<unknown>(null);
  protected readonly revokeError = computed(() => (this.revokeFailure() ? this.i18n.translate('signingKeys.revokeFailed', { reason: this.i18n.describeError(this.revokeFailure()) }) : null));
  protected readonly done = signal<string | null>(null);
  protected readonly copied = signal<string | null>(null);

  constructor() {
    this.load();
  }

  protected grouped(hex: string): string {
    return groupHex(hex);
  }

  protected load(): void {
    this.loading.set(true);
    this.loadFailure.set(null);
    this.api
      .listKeys(this.user.id)
      .pipe(
        finalize(() => this.loading.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (keys) => this.keys.set(keys),
        error: (error: unknown) => this.loadFailure.set(error),
      });
  }

  protected copyFingerprint(key: SigningKeyListItem): void {
    if (this.clipboard.copy(this.grouped(key.fingerprint))) {
      this.copied.set(key.id);
      void this.announcer.announce(this.i18n.translate('signingKeys.fingerprintCopied'), 'polite');
    }
  }

  /** Asks first (naming the user and the fingerprint), then revokes and marks the key revoked in place. */
  protected confirmRevoke(key: SigningKeyListItem): void {
    if (this.revoking()) {
      return;
    }
    this.revokeFailure.set(null);
    this.done.set(null);
    confirmAction(this.dialog, {
      title: this.i18n.translate('signingKeys.revokeTitle'),
      message: this.i18n.translate('signingKeys.revokeMessage', { label: key.label, name: this.user.fullName, fingerprint: this.grouped(key.fingerprint) }),
      confirmLabel: this.i18n.translate('signingKeys.revokeConfirm'),
      destructive: true,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.revoking.set(key.id);
          return this.api.revokeKey(key.id).pipe(
            catchError((error: unknown) => {
              this.revokeFailure.set(error);
              return EMPTY;
            }),
            finalize(() => this.revoking.set(null)),
          );
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((revoked) => {
        this.keys.update((keys) => keys.map((existing) => (existing.id === revoked.id ? { ...existing, revokedAt: revoked.revokedAt } : existing)));
        this.done.set(this.i18n.translate('signingKeys.revoked', { label: key.label, name: this.user.fullName }));
        // The revoke button is gone: focus moves to the sentence that says what happened.
        afterNextRender({ read: () => this.doneNotice()?.nativeElement.focus() }, { injector: this.injector });
      });
  }
}
