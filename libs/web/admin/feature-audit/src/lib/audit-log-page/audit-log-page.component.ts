import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntryResponse } from '@ecabinet/shared/contracts';
import { DateTimePipe, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import {
  EmptyStateComponent,
  IconComponent,
  PageHeaderComponent,
  StatusChipComponent,
  provideTranslatedPaginator,
  saveBlob,
} from '@ecabinet/web/shared/ui';
import { AuditApi } from '../audit.api';
import { AuditLogStore, NO_AUDIT_FILTERS } from '../audit-log.store';
import { AuditCheckpointsPanelComponent } from '../checkpoints-panel/checkpoints-panel.component';

/** The audit log: its signed checkpoints, filter, page, expand an entry (and download its inclusion proof), verify the hash chain. */
@Component({
  selector: 'ec-audit-log-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    EmptyStateComponent,
    IconComponent,
    PageHeaderComponent,
    StatusChipComponent,
    TranslatePipe,
    DateTimePipe,
    AuditCheckpointsPanelComponent,
  ],
  providers: [AuditLogStore, provideTranslatedPaginator()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './audit-log-page.component.html',
  styleUrl: './audit-log-page.component.scss',
})
export class AuditLogPageComponent {
  protected readonly store = inject(AuditLogStore);
  private readonly i18n = inject(TranslationService);

  protected readonly columns = ['seq', 'at', 'actor', 'action', 'target', 'ip', 'expand'] as const;
  protected readonly actions = AUDIT_ACTIONS;
  private readonly formBuilder = inject(NonNullableFormBuilder);
  protected readonly filtersForm = this.formBuilder.group({
    action: this.formBuilder.control<AuditAction | null>(null),
    actor: [''],
    fromDate: [''],
    toDate: [''],
  });
  protected readonly expandedSeq = signal<number | null>(null);
  private readonly api = inject(AuditApi);
  protected readonly proving = signal<number | null>(null);
  protected readonly proofError = signal<string | null>(null);

  protected readonly loadErrorMessage = computed(() =>
    this.store.loadError() ? this.i18n.describeError(this.store.loadError()) : null,
  );
  protected readonly verifyErrorMessage = computed(() =>
    this.store.verifyError() ? this.i18n.describeError(this.store.verifyError()) : null,
  );

  protected actionLabel(action: AuditAction): string {
    return this.i18n.auditActionLabel(action);
  }

  protected applyFilters(): void {
    const { action, actor, fromDate, toDate } = this.filtersForm.getRawValue();
    this.expandedSeq.set(null);
    this.store.applyFilters({ action, actor, fromDate, toDate });
  }

  protected clearFilters(): void {
    this.filtersForm.reset();
    this.expandedSeq.set(null);
    this.store.applyFilters(NO_AUDIT_FILTERS);
  }

  protected showPage(event: PageEvent): void {
    this.expandedSeq.set(null);
    this.store.showPage(event.pageIndex, event.pageSize);
  }

  protected toggleDetails(entry: AuditEntryResponse): void {
    this.expandedSeq.update((seq) => (seq === entry.seq ? null : entry.seq));
  }

  /** The entry's inclusion proof in the latest checkpoint covering it, as a file for the inspectors. */
  protected downloadProof(entry: AuditEntryResponse): void {
    this.proving.set(entry.seq);
    this.proofError.set(null);
    this.api.inclusionProof(entry.seq).subscribe({
      next: (proof) => {
        this.proving.set(null);
        saveBlob(new Blob([JSON.stringify(proof, null, 2)], { type: 'application/json' }), `audit-entry-${entry.seq}-proof.json`);
      },
      error: (error: unknown) => {
        this.proving.set(null);
        this.proofError.set(this.i18n.describeError(error));
      },
    });
  }

  protected verifyChain(): void {
    this.store.verifyChain();
  }

  protected formatDetails(details: Record<string, unknown> | null): string {
    return details ? JSON.stringify(details, null, 2) : '';
  }

  protected shortId(id: string | null): string {
    return id && id.length > 12 ? `${id.slice(0, 8)}…` : (id ?? '');
  }
}
