import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { AuditCheckpointSummary } from '@ecabinet/shared/contracts';
import { DateTimePipe, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent, StatusChipComponent, saveBlob } from '@ecabinet/web/shared/ui';
import { AuditApi } from '../audit.api';

/**
 * The signed checkpoints of the audit log: each one's size, Merkle root and seal, as mailed to
 * the inspectors. An administrator seals one now, and downloads any of them for
 * `npm run audit:verify -- --checkpoint <file> --trust <roots.pem>`.
 */
@Component({
  selector: 'ec-audit-checkpoints-panel',
  imports: [MatButtonModule, IconComponent, StatusChipComponent, TranslatePipe, DateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ec-card ec-card--flush ec-checkpoints" aria-labelledby="audit-checkpoints" data-testid="audit-checkpoints">
      <div class="ec-card__header ec-checkpoints__header">
        <div>
          <h2 class="ec-card__title" id="audit-checkpoints">{{ 'audit.checkpoints.heading' | t }}</h2>
          <p class="ec-checkpoints__hint">{{ 'audit.checkpoints.hint' | t }}</p>
        </div>
        <button mat-stroked-button type="button" [disabled]="making()" (click)="make()" data-testid="make-checkpoint">
          <ec-icon name="shield" />{{ (making() ? 'audit.checkpoints.making' : 'audit.checkpoints.make') | t }}
        </button>
      </div>
      @if (made(); as checkpoint) {
        <p class="ec-notice ec-notice--success ec-checkpoints__error" role="status" [attr.data-made-size]="checkpoint.size">
          <ec-icon name="checkCircle" /><span>{{ 'audit.checkpoints.made' | t: { n: checkpoint.size } }}</span>
        </p>
      }
      @if (error(); as message) {
        <p class="ec-notice ec-notice--error ec-checkpoints__error" role="alert"><ec-icon name="error" /><span>{{ message }}</span></p>
      }
      @if (items().length) {
        <div class="ec-table-scroll">
          <table class="ec-checkpoints__table">
            <thead>
              <tr>
                <th scope="col">{{ 'audit.checkpoints.colSize' | t }}</th>
                <th scope="col">{{ 'audit.checkpoints.colAt' | t }}</th>
                <th scope="col">{{ 'audit.checkpoints.colReason' | t }}</th>
                <th scope="col" class="ec-col-optional">{{ 'audit.checkpoints.colRoot' | t }}</th>
                <th scope="col">{{ 'audit.checkpoints.colMailed' | t }}</th>
                <th scope="col"><span class="ec-visually-hidden">{{ 'audit.checkpoints.download' | t }}</span></th>
              </tr>
            </thead>
            <tbody>
              @for (c of items(); track c.size) {
                <tr [attr.data-size]="c.size" [attr.data-reason]="c.reason">
                  <th scope="row">{{ 'audit.checkpoints.entries' | t: { n: c.size } }}</th>
                  <td class="ec-checkpoints__nowrap">{{ c.at | dateTime }}</td>
                  <td><ec-status-chip [tone]="c.reason === 'ballot-closed' ? 'info' : 'neutral'">{{ reasonKey(c) | t }}</ec-status-chip></td>
                  <td class="ec-col-optional ec-checkpoints__mono" [title]="c.rootHash">{{ c.rootHash.slice(0, 16) }}…</td>
                  <td>
                    @if (c.mailedTo) {
                      <ec-status-chip tone="success" icon="checkCircle">{{ 'audit.checkpoints.mailed' | t: { n: c.mailedTo } }}</ec-status-chip>
                    } @else {
                      <span class="ec-checkpoints__muted">{{ 'audit.checkpoints.notMailed' | t }}</span>
                    }
                  </td>
                  <td>
                    <button mat-button type="button" (click)="download(c)" [attr.aria-label]="'audit.checkpoints.downloadOne' | t: { n: c.size }">
                      <ec-icon name="download" />{{ 'audit.checkpoints.download' | t }}
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      } @else if (loaded()) {
        <p class="ec-checkpoints__empty">{{ 'audit.checkpoints.empty' | t }}</p>
      }
    </section>
  `,
  styles: `
    .ec-checkpoints {
      margin-bottom: 16px;
    }
    .ec-checkpoints__header {
      padding: 16px 16px 12px;
      display: flex;
      align-items: flex-start;
      justify-content: space-between;
      gap: 12px;
      flex-wrap: wrap;
    }
    .ec-checkpoints__hint {
      margin: 4px 0 0;
      color: var(--ec-text-muted, #5f6368);
      font-size: 13px;
      max-width: 70ch;
    }
    .ec-checkpoints__error {
      margin: 0 16px 12px;
    }
    .ec-checkpoints__table {
      width: 100%;
      border-collapse: collapse;
      font-size: 14px;
    }
    .ec-checkpoints__table th,
    .ec-checkpoints__table td {
      text-align: left;
      padding: 8px 16px;
      border-top: 1px solid var(--ec-border, #e0e0e0);
      vertical-align: middle;
    }
    .ec-checkpoints__table thead th {
      font-weight: 600;
      font-size: 13px;
      color: var(--ec-text-muted, #5f6368);
    }
    .ec-checkpoints__mono {
      font-family: var(--ec-font-mono, ui-monospace, monospace);
      font-size: 12px;
    }
    .ec-checkpoints__nowrap {
      white-space: nowrap;
    }
    .ec-checkpoints__muted,
    .ec-checkpoints__empty {
      color: var(--ec-text-muted, #5f6368);
    }
    .ec-checkpoints__empty {
      margin: 0;
      padding: 12px 16px 16px;
    }
  `,
})
export class AuditCheckpointsPanelComponent {
  private readonly api = inject(AuditApi);
  private readonly i18n = inject(TranslationService);

  protected readonly items = signal<AuditCheckpointSummary[]>([]);
  protected readonly loaded = signal(false);
  protected readonly making = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The checkpoint the last "sign now" gave (an existing one when the log has not grown since). */
  protected readonly made = signal<AuditCheckpointSummary | null>(null);

  constructor() {
    this.reload();
  }

  protected reasonKey(checkpoint: AuditCheckpointSummary) {
    return `audit.checkpoints.reason.${checkpoint.reason}` as const;
  }

  protected make(): void {
    this.making.set(true);
    this.error.set(null);
    this.made.set(null);
    this.api.makeCheckpoint().subscribe({
      next: (checkpoint) => {
        // Listed at once, before the list is read again: the row to download is there when the button comes back.
        this.items.update((items) => [checkpoint, ...items.filter((c) => c.size !== checkpoint.size)].sort((a, b) => b.size - a.size));
        this.made.set(checkpoint);
        this.making.set(false);
        this.reload();
      },
      error: (error: unknown) => {
        this.making.set(false);
        this.error.set(this.i18n.describeError(error));
      },
    });
  }

  protected download(checkpoint: AuditCheckpointSummary): void {
    this.error.set(null);
    this.api.checkpointFile(checkpoint.size).subscribe({
      next: (blob) => saveBlob(blob, `audit-checkpoint-${checkpoint.size}.json`),
      error: (error: unknown) => this.error.set(this.i18n.describeError(error)),
    });
  }

  private reload(): void {
    this.api.checkpoints().subscribe({
      next: (items) => {
        this.items.set(items);
        this.loaded.set(true);
      },
      error: (error: unknown) => {
        this.loaded.set(true);
        this.error.set(this.i18n.describeError(error));
      },
    });
  }
}
