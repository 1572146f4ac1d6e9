import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { AUTO_STORE_DAYS, OfflinePapers, type StoredPaper } from '@ecabinet/web/papers/data-access';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent, StatusChipComponent, confirmAction } from '@ecabinet/web/shared/ui';

/**
 * Account page: the papers kept on this device to read offline (#14): automatic storing on or off,
 * storing now with its progress, the space used and left, until when they stay readable offline,
 * and removing one or all of them.
 */
@Component({
  selector: 'ec-offline-papers-panel',
  imports: [RouterLink, MatButtonModule, MatCheckboxModule, MatProgressBarModule, IconComponent, StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ec-card" aria-labelledby="ec-offline-title" data-testid="offline-papers">
      <h2 id="ec-offline-title" class="ec-card__title">{{ 'offline.title' | t }}</h2>
      <p class="ec-card__text">{{ 'offline.intro' | t }}</p>
      <mat-checkbox [checked]="offline.auto()" (change)="setAuto($event.checked)" data-testid="offline-auto">{{ 'offline.auto' | t: { days: autoDays } }}</mat-checkbox>

      <div class="ec-offline__status">
        <ec-status-chip [tone]="offline.entries().length ? 'success' : 'neutral'" icon="cloudDone" data-testid="offline-used">
          {{ 'offline.used' | t: { size: size(offline.usedBytes()), count: offline.entries().length } }}
        </ec-status-chip>
        @if (freeBytes(); as free) {
          <span class="ec-offline__muted">{{ 'offline.browserSpace' | t: { size: size(free) } }}</span>
        }
        <span class="ec-offline__grow"></span>
        <button mat-stroked-button type="button" [disabled]="!!offline.progress() || busy()" (click)="syncNow()" data-testid="offline-sync"><ec-icon name="sync" />{{ 'offline.syncNow' | t }}</button>
      </div>
      @if (offline.progress(); as progress) {
        <div class="ec-offline__progress" role="status" data-testid="offline-progress">
          <mat-progress-bar mode="determinate" [value]="((progress.done + progress.percent / 100) / progress.total) * 100" [attr.aria-label]="'offline.syncNow' | t" />
          <span>{{ 'offline.progress' | t: { done: progress.done + 1, total: progress.total, title: progress.title, percent: progress.percent } }}</span>
        </div>
      }
      @if (failure(); as message) {
        <p class="ec-notice ec-notice--error" role="alert"><ec-icon name="error" /><span>{{ message }}</span></p>
      }
      @if (offline.expiresAt(); as at) {
        <p class="ec-notice" role="note" data-testid="offline-expires"><ec-icon name="schedule" /><span>{{ 'offline.expires' | t: { at: dateTime(at) } }}</span></p>
      }

      @if (offline.entries().length) {
        <table class="ec-offline__table">
          <caption class="ec-visually-hidden">{{ 'offline.title' | t }}</caption>
          <thead>
            <tr>
              <th scope="col">{{ 'offline.columns.title' | t }}</th>
              <th scope="col">{{ 'offline.columns.version' | t }}</th>
              <th scope="col">{{ 'offline.columns.size' | t }}</th>
              <th scope="col">{{ 'offline.columns.how' | t }}</th>
              <th scope="col"><span class="ec-visually-hidden">{{ 'offline.columns.actions' | t }}</span></th>
            </tr>
          </thead>
          <tbody>
            @for (entry of offline.entries(); track entry.key) {
              <tr data-testid="offline-entry" [attr.data-paper-id]="entry.paperId">
                <th scope="row">
                  <a [routerLink]="link(entry)">{{ entry.title }}</a>
                  <span class="ec-offline__meeting">{{ entry.meetingTitle }}</span>
                </th>
                <td>{{ entry.version }}</td>
                <td>{{ size(entry.sizeBytes) }}</td>
                <td>
                  <ec-status-chip [tone]="entry.pinned ? 'info' : 'neutral'">{{ (entry.pinned ? 'offline.pinned' : entry.source === 'ballot' ? 'offline.beforeDeadline' : 'offline.automatic') | t }}</ec-status-chip>
                </td>
                <td class="ec-offline__actions">
                  <button mat-icon-button type="button" [attr.aria-label]="'offline.removeFor' | t: { title: entry.title }" [disabled]="busy()" (click)="remove(entry)"><ec-icon name="delete" /></button>
                </td>
              </tr>
            }
          </tbody>
        </table>
        <div class="ec-form__actions">
          <button mat-stroked-button type="button" [disabled]="busy()" (click)="removeAll()" data-testid="offline-remove-all"><ec-icon name="delete" />{{ 'offline.removeAll' | t }}</button>
        </div>
      } @else {
        <p class="ec-card__text ec-offline__muted" data-testid="offline-empty">{{ 'offline.empty' | t }}</p>
      }
    </section>
  `,
  styles: `
    .ec-offline__status {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
      margin: 12px 0;
    }
    .ec-offline__grow {
      flex: 1;
    }
    .ec-offline__muted {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .ec-offline__progress {
      display: grid;
      gap: 4px;
      margin: 0 0 12px;
      font: var(--mat-sys-body-small);
    }
    .ec-offline__table {
      width: 100%;
      border-collapse: collapse;
      margin: 8px 0;
    }
    .ec-offline__table th,
    .ec-offline__table td {
      padding: 6px 8px;
      text-align: left;
      font: var(--mat-sys-body-medium);
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .ec-offline__table thead th {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-offline__meeting {
      display: block;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .ec-offline__table td {
      white-space: nowrap;
    }
    .ec-offline__actions {
      width: 48px;
    }
  `,
})
export class OfflinePapersPanelComponent {
  protected readonly offline = inject(OfflinePapers);
  private readonly i18n = inject(TranslationService);
  private readonly dialog = inject(MatDialog);
  protected readonly autoDays = AUTO_STORE_DAYS;
  /** The reader, on a meeting's paper or a ballot's. */
  protected link(entry: StoredPaper): string[] {
    return [entry.source === 'ballot' ? '/ballots' : '/meetings', entry.meetingId, 'papers', entry.paperId];
  }
  protected readonly busy = signal(false);
  protected readonly freeBytes = signal<number | null>(null);
  protected readonly failure = computed(() => {
    const error = this.offline.failure();
    return error ? this.i18n.translate('offline.failed', { reason: this.i18n.describeError(error) }) : null;
  });

  constructor() {
    void this.measure();
  }

  protected size(bytes: number): string {
    return this.i18n.formatSize(bytes);
  }

  protected dateTime(at: number): string {
    return this.i18n.formatDateTime(new Date(at).toISOString());
  }

  protected setAuto(on: boolean): void {
    this.run(() => this.offline.setAuto(on));
  }

  protected syncNow(): void {
    this.run(() => this.offline.sync());
  }

  protected remove(entry: StoredPaper): void {
    this.run(() => this.offline.remove([entry]));
  }

  protected removeAll(): void {
    const entries = this.offline.entries();
    confirmAction(this.dialog, {
      title: this.i18n.translate('offline.confirmRemoveAllTitle'),
      message: this.i18n.translate('offline.confirmRemoveAllMessage', { count: entries.length }),
      confirmLabel: this.i18n.translate('offline.removeAll'),
      destructive: true,
    }).subscribe((confirmed) => {
      if (confirmed) this.run(() => this.offline.remove(entries));
    });
  }

  private run(action: () => Promise<void>): void {
    this.busy.set(true);
    action()
      .catch(() => undefined)
      .finally(() => {
        this.busy.set(false);
        void this.measure();
      });
  }

  /** What the browser says is left for this site (an estimate; absent in some browsers). */
  private async measure(): Promise<void> {
    try {
      const estimate = await globalThis.navigator?.storage?.estimate?.();
      if (estimate?.quota !== undefined) this.freeBytes.set(Math.max(0, estimate.quota - (estimate.usage ?? 0)));
    } catch {
      // Not offered here: the space used is still shown.
    }
  }
}
