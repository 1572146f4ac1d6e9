import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { IconComponent } from './icon.component';

/**
 * Why an action beside it is disabled, in visible text: a tablet has no hover, so a tooltip is
 * never the only reason. Give it an `id` and point the disabled control's `aria-describedby`
 * at it so a screen reader reads the reason with the control.
 *
 * ```html
 * <button mat-flat-button [disabled]="!ready()" aria-describedby="close-why">Close</button>
 * @if (!ready()) { <ec-disabled-reason id="close-why">{{ 'x.why' | t }}</ec-disabled-reason> }
 * ```
 */
@Component({
  selector: 'ec-disabled-reason',
  imports: [IconComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'ec-disabled-reason', '[attr.id]': 'id()', 'data-testid': 'disabled-reason' },
  template: `<ec-icon name="info" /><span><ng-content /></span>`,
  styles: `
    :host {
      display: inline-flex;
      align-items: flex-start;
      gap: 4px;
      max-width: 40em;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      --ec-icon-size: 16px;
    }
    :host ec-icon {
      flex: none;
      margin-top: 1px;
    }
  `,
})
export class DisabledReasonComponent {
  /** The id the disabled control's `aria-describedby` names. */
  readonly id = input.required<string>();
}
