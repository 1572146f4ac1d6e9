import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { IconComponent } from './icon.component';
import type { IconName } from './icon-paths';

export type StatusTone = 'success' | 'warning' | 'danger' | 'info' | 'neutral';

/**
 * A small status label: icon and text, tinted by tone. The text carries the meaning; colour only
 * reinforces it.
 */
@Component({
  selector: 'ec-status-chip',
  imports: [IconComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class]': "'ec-status-chip ec-status-chip--' + tone()" },
  template: `
    @if (icon(); as icon) {
      <ec-icon [name]="icon" />
    }
    <span class="ec-status-chip__label"><ng-content /></span>
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      min-height: 24px;
      padding: 0 10px 0 8px;
      border-radius: 12px;
      border: 1px solid transparent;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
      vertical-align: middle;
      --ec-icon-size: 16px;
    }
    :host(.ec-status-chip--success) {
      background: var(--ec-success-container);
      color: var(--ec-on-success-container);
    }
    :host(.ec-status-chip--warning) {
      background: var(--ec-warning-container);
      color: var(--ec-on-warning-container);
    }
    :host(.ec-status-chip--danger) {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    :host(.ec-status-chip--info) {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    :host(.ec-status-chip--neutral) {
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface-variant);
      border-color: var(--mat-sys-outline-variant);
    }
  `,
})
export class StatusChipComponent {
  readonly tone = input<StatusTone>('neutral');
  readonly icon = input<IconName | null>(null);
}
