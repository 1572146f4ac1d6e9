import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { RoleLabelPipe, TranslatePipe, type TranslationKey } from '@ecabinet/web/shared/i18n';
import { EmptyStateComponent, type IconName, StatusChipComponent } from '@ecabinet/web/shared/ui';

interface OverviewPanel {
  readonly title: TranslationKey;
  readonly empty: TranslationKey;
  readonly icon: IconName;
}

/** The signed-in landing page: a greeting and calm, empty overview panels until later features fill them. */
@Component({
  selector: 'ec-home-page',
  imports: [EmptyStateComponent, StatusChipComponent, TranslatePipe, RoleLabelPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (user(); as user) {
      <section class="ec-home__welcome" aria-labelledby="ec-home-greeting">
        <h1 id="ec-home-greeting" class="ec-home__greeting">{{ 'home.greeting' | t: { name: user.fullName } }}</h1>
        <div class="ec-home__identity">
          @if (user.title) {
            <span class="ec-home__title">{{ user.title }}</span>
          }
          @for (role of user.roles; track role) {
            <ec-status-chip tone="info">{{ role | roleLabel }}</ec-status-chip>
          }
        </div>
        <p class="ec-home__intro">{{ 'home.intro' | t }}</p>
      </section>
    }

    <div class="ec-home__panels">
      @for (panel of panels; track panel.title) {
        <section class="ec-card ec-home__panel">
          <h2 class="ec-card__title">{{ panel.title | t }}</h2>
          <ec-empty-state [icon]="panel.icon" [heading]="panel.empty | t" />
        </section>
      }
    </div>
  `,
  styles: `
    .ec-home__welcome {
      margin-bottom: 24px;
    }
    .ec-home__greeting {
      margin: 0 0 8px;
      font: var(--mat-sys-headline-small);
      color: var(--mat-sys-on-surface);
    }
    .ec-home__identity {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .ec-home__title {
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-home__intro {
      max-width: 72ch;
      margin: 12px 0 0;
      font: var(--mat-sys-body-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-home__panels {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(280px, 1fr));
      gap: 16px;
    }
  `,
})
export class HomePageComponent {
  protected readonly user = inject(AuthStore).user;
  protected readonly panels: readonly OverviewPanel[] = [
    { title: 'home.meetingsTitle', empty: 'home.meetingsEmpty', icon: 'event' },
    { title: 'home.ballotsTitle', empty: 'home.ballotsEmpty', icon: 'ballot' },
    { title: 'home.papersTitle', empty: 'home.papersEmpty', icon: 'description' },
  ];
}
