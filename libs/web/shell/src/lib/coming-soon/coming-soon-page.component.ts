import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslatePipe, type TranslationKey } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, type IconName, PageHeaderComponent } from '@ecabinet/web/shared/ui';

export type ComingSoonArea = 'meetings' | 'ballots';

const AREAS: Readonly<Record<ComingSoonArea, { title: TranslationKey; message: TranslationKey; icon: IconName }>> = {
  meetings: { title: 'nav.meetings', message: 'comingSoon.meetings', icon: 'event' },
  ballots: { title: 'nav.ballots', message: 'comingSoon.ballots', icon: 'ballot' },
};

/** Placeholder for an area a later release fills: a calm empty state, not an error. */
@Component({
  selector: 'ec-coming-soon-page',
  imports: [PageHeaderComponent, EmptyStateComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ec-page-header [heading]="view().title | t" />
    <section class="ec-card">
      <ec-empty-state icon="construction" [headingLevel]="2" [heading]="'comingSoon.title' | t" [message]="view().message | t" />
    </section>
  `,
})
export class ComingSoonPageComponent {
  /** From the route's `data`, bound by `withComponentInputBinding()`. */
  readonly area = input.required<ComingSoonArea>();
  protected readonly view = computed(() => AREAS[this.area()]);
}
