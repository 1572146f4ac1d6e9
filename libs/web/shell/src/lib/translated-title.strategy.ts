import { Injectable, effect, inject, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { type TranslationKey, TranslationService } from '@ecabinet/web/shared/i18n';

/** A route title is a translation key; this keeps it typed where routes are declared. */
export function pageTitle(key: TranslationKey): string {
  return key;
}

/**
 * The document title is "<page> · e-Cabinet" in the current language, so screen-reader users
 * hear where a navigation took them, and it follows a language switch.
 */
@Injectable()
export class TranslatedTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly i18n = inject(TranslationService);
  private readonly pageKey = signal<TranslationKey | null>(null);

  constructor() {
    super();
    effect(() => {
      const appName = this.i18n.translate('app.name');
      const key = this.pageKey();
      this.title.setTitle(key ? `${this.i18n.translate(key)} · ${appName}` : appName);
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.pageKey.set((this.buildTitle(snapshot) as TranslationKey | undefined) ?? null);
  }
}
