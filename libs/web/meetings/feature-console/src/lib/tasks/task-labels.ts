import { Injectable, inject } from '@angular/core';
import type { TaskFilter, TaskRequestState, TaskResponse, TaskUpdateKind } from '@ecabinet/shared/contracts';
import { TranslationService } from '@ecabinet/web/shared/i18n';
import type { IconName, StatusTone } from '@ecabinet/web/shared/ui';

/** How each standing against the due date is shown: a tone and an icon beside its words. */
export const TIMELINESS_CHIP: Record<TaskResponse['timeliness'], { tone: StatusTone; icon: IconName }> = {
  'on-track': { tone: 'info', icon: 'schedule' },
  overdue: { tone: 'danger', icon: 'warning' },
  'done-on-time': { tone: 'success', icon: 'checkCircle' },
  'done-late': { tone: 'warning', icon: 'checkCircle' },
};

/** The words for a task's states, in the user's language. */
@Injectable({ providedIn: 'root' })
export class TaskLabels {
  private readonly i18n = inject(TranslationService);

  filter(filter: TaskFilter | 'all'): string {
    return this.i18n.translate(`tasks.filter.${filter}`);
  }

  timeliness(task: Pick<TaskResponse, 'timeliness'>): string {
    return this.i18n.translate(`tasks.timeliness.${task.timeliness}`);
  }

  pending(task: Pick<TaskResponse, 'pending'>): string {
    return task.pending ? this.i18n.translate(`tasks.pendingChip.${task.pending}`) : '';
  }

  source(task: Pick<TaskResponse, 'source'>): string {
    return this.i18n.translate(`tasks.source.${task.source.type}`, { label: task.source.label });
  }

  kind(kind: TaskUpdateKind): string {
    return this.i18n.translate(`tasks.kind.${kind}`);
  }

  state(state: TaskRequestState): string {
    return this.i18n.translate(`tasks.state.${state}`);
  }
}
