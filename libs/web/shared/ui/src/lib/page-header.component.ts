import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** The page's `<h1>` with an optional subtitle and actions on the right. */
@Component({
  selector: 'ec-page-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="ec-page-header__text">
      <h1 class="ec-page-header__title">{{ heading() }}</h1>
      @if (subtitle()) {
        <p class="ec-page-header__subtitle">{{ subtitle() }}</p>
      }
    </div>
    <div class="ec-page-header__actions"><ng-content /></div>
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      justify-content: space-between;
      gap: 8px 16px;
      margin-bottom: 16px;
    }
    .ec-page-header__title {
      margin: 0;
      font: var(--mat-sys-headline-small);
      color: var(--mat-sys-on-surface);
    }
    .ec-page-header__subtitle {
      margin: 4px 0 0;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-page-header__actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .ec-page-header__actions:empty {
      display: none;
    }
  `,
})
export class PageHeaderComponent {
  readonly heading = input.required<string>();
  readonly subtitle = input<string>('');
}
