import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ICON_PATHS, type IconName } from './icon-paths';

/**
 * An inline SVG icon. Decorative: hidden from assistive technology, so the element next to it
 * (button text, `aria-label`, chip label) must carry the meaning.
 */
@Component({
  selector: 'ec-icon',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'ec-icon', 'aria-hidden': 'true' },
  template: `<svg viewBox="0 0 24 24" focusable="false" width="100%" height="100%"><path [attr.d]="path()" /></svg>`,
  styles: `
    :host {
      display: inline-block;
      flex: none;
      width: var(--ec-icon-size, 24px);
      height: var(--ec-icon-size, 24px);
      line-height: 0;
      vertical-align: middle;
    }
    svg {
      fill: currentColor;
    }
  `,
})
export class IconComponent {
  readonly name = input.required<IconName>();
  protected readonly path = computed(() => ICON_PATHS[this.name()]);
}
