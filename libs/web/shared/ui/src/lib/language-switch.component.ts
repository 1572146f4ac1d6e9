import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { type Language, type TranslationKey, TranslatePipe } from '@ecabinet/web/shared/i18n';

/** VI | EN toggle. Presentational: the current language comes in, the choice goes out. */
@Component({
  selector: 'ec-language-switch',
  imports: [MatButtonToggleModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.ec-language-switch--inverse]': "appearance() === 'inverse'" },
  template: `
    <mat-button-toggle-group
      hideSingleSelectionIndicator
      [value]="lang()"
      [attr.aria-label]="'lang.label' | t"
      (change)="chooseLanguage($event.value)"
    >
      @for (option of options; track option.lang) {
        <mat-button-toggle [value]="option.lang" [attr.lang]="option.lang" [aria-label]="(option.label | t) + ' (' + option.short + ')'">
          {{ option.short }}
        </mat-button-toggle>
      }
    </mat-button-toggle-group>
  `,
  styles: `
    :host {
      display: inline-block;
      --mat-button-toggle-height: 36px;
    }
    :host(.ec-language-switch--inverse) {
      --mat-button-toggle-background-color: transparent;
      --mat-button-toggle-text-color: #ffffff;
      --mat-button-toggle-state-layer-color: #ffffff;
      --mat-button-toggle-divider-color: rgb(255 255 255 / 55%);
      --mat-button-toggle-selected-state-background-color: #ffffff;
      --mat-button-toggle-selected-state-text-color: var(--ec-topbar-background, #14315c);
    }
  `,
})
export class LanguageSwitchComponent {
  readonly lang = input.required<Language>();
  /** `inverse` for a dark background such as the top bar. */
  readonly appearance = input<'default' | 'inverse'>('default');
  readonly langChange = output<Language>();
  protected readonly options: readonly { lang: Language; short: string; label: TranslationKey }[] = [
    { lang: 'vi', short: 'VI', label: 'lang.vi' },
    { lang: 'en', short: 'EN', label: 'lang.en' },
  ];

  protected chooseLanguage(lang: Language): void {
    if (lang !== this.lang()) {
      this.langChange.emit(lang);
    }
  }
}
