import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { IconComponent } from './icon.component';
import type { IconName } from './icon-paths';

/** A calm placeholder for "nothing here yet": icon, heading, one sentence, optional actions. */
@Component({
  selector: 'ec-empty-state',
  imports: [IconComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="ec-empty-state__icon"><ec-icon [name]="icon()" /></div>
    <p class="ec-empty-state__heading" [attr.role]="headingLevel() ? 'heading' : null" [attr.aria-level]="headingLevel()">
      {{ heading() }}
    </p>
    @if (message()) {
      <p class="ec-empty-state__message">{{ message() }}</p>
    }
    <ng-content />
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 8px;
      padding: 32px 16px;
      text-align: center;
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-empty-state__icon {
      display: grid;
      place-items: center;
      width: 64px;
      height: 64px;
      border-radius: 50%;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-primary);
      --ec-icon-size: 32px;
    }
    .ec-empty-state__heading {
      margin: 8px 0 0;
      font: var(--mat-sys-title-medium);
      color: var(--mat-sys-on-surface);
    }
    .ec-empty-state__message {
      margin: 0;
      max-width: 52ch;
      font: var(--mat-sys-body-medium);
    }
  `,
})
export class EmptyStateComponent {
  readonly icon = input<IconName>('info');
  readonly heading = input.required<string>();
  readonly message = input<string>('');
  /** Exposes the heading to screen readers at this level; null keeps it a paragraph. */
  readonly headingLevel = input<2 | 3 | 4 | null>(null);
}
