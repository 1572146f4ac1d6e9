import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type { ApprovalQueueResponse, PendingConclusion } from '@ecabinet/shared/contracts';
import { ApprovalsApi, MeetingsApi } from '@ecabinet/web/meetings/data-access';
import { DateTimePipe, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, IconComponent, PageHeaderComponent } from '@ecabinet/web/shared/ui';
import { finalize } from 'rxjs';

/**
 * The chair's approval queue: conclusions drafted for him (approved here, the text in front of
 * him), and the minutes, resolutions and opinion ballots that wait for him, each opening the page
 * where he approves it.
 */
@Component({
  selector: 'ec-approvals-page',
  imports: [RouterLink, MatButtonModule, MatProgressBarModule, EmptyStateComponent, IconComponent, PageHeaderComponent, TranslatePipe, DateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './approvals-page.component.html',
  styleUrl: './approvals-page.component.scss',
})
export class ApprovalsPageComponent {
  private readonly api = inject(ApprovalsApi);
  private readonly meetings = inject(MeetingsApi);
  private readonly i18n = inject(TranslationService);

  protected readonly queue = signal<ApprovalQueueResponse | null>(null);
  protected readonly failure = signal<string | null>(null);
  protected readonly approving = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  constructor() {
    this.load();
  }

  protected approve(conclusion: PendingConclusion): void {
    if (this.approving()) return;
    this.approving.set(conclusion.itemId);
    this.actionError.set(null);
    this.notice.set(null);
    this.meetings
      .approveConclusion(conclusion.meetingId, conclusion.itemId, conclusion.version)
      .pipe(finalize(() => this.approving.set(null)))
      .subscribe({
        next: () => {
          this.notice.set(this.i18n.translate('approvals.approved', { item: conclusion.itemTitle }));
          this.load();
        },
        error: (error: unknown) => {
          this.actionError.set(this.i18n.describeError(error));
          this.load();
        },
      });
  }

  protected load(): void {
    this.failure.set(null);
    this.api.queue().subscribe({
      next: (queue) => this.queue.set(queue),
      error: (error: unknown) => this.failure.set(this.i18n.describeError(error)),
    });
  }
}
