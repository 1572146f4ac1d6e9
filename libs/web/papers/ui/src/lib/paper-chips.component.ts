import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { PaperClassification } from '@ecabinet/shared/contracts';
import type { PaperReadState } from './read-state';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { type IconName, StatusChipComponent, type StatusTone } from '@ecabinet/web/shared/ui';

const READ_TONES: Record<PaperReadState, { tone: StatusTone; icon: IconName; label: `papers.readState.${PaperReadState}` }> = {
  unread: { tone: 'info', icon: 'visibility', label: 'papers.readState.unread' },
  read: { tone: 'neutral', icon: 'check', label: 'papers.readState.read' },
  changed: { tone: 'warning', icon: 'sync', label: 'papers.readState.changed' },
};

/** Unread, read, or changed since the member last read it. */
@Component({
  selector: 'ec-paper-read-chip',
  imports: [StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<ec-status-chip [tone]="look().tone" [icon]="look().icon" [attr.data-read-state]="state()">{{ look().label | t }}</ec-status-chip>`,
})
export class PaperReadChipComponent {
  readonly state = input.required<PaperReadState>();
  protected readonly look = computed(() => READ_TONES[this.state()]);
}

/** Restricted and confidential papers say so; a normal paper shows nothing. */
@Component({
  selector: 'ec-paper-classification-chip',
  imports: [StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (classification() !== 'normal') {
      <ec-status-chip [tone]="classification() === 'confidential' ? 'danger' : 'warning'" icon="lock">{{ labels[classification()] | t }}</ec-status-chip>
    }
  `,
})
export class PaperClassificationChipComponent {
  readonly classification = input.required<PaperClassification>();
  protected readonly labels = {
    normal: 'papers.classification.normal',
    restricted: 'papers.classification.restricted',
    confidential: 'papers.classification.confidential',
  } as const satisfies Record<PaperClassification, string>;
}
