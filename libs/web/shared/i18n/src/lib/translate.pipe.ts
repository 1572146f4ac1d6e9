import { Pipe, type PipeTransform, inject } from '@angular/core';
import type { TranslationKey } from './dictionaries/vi';
import { type MessageParams, TranslationService } from './translation.service';

/**
 * `{{ 'login.title' | t }}` or `{{ 'home.greeting' | t: { name } }}`.
 *
 * Impure on purpose: the result depends on the language signal as well as the arguments. The
 * signal read registers with the template, so a language switch re-renders OnPush views, and
 * the lookup itself is a map read.
 */
@Pipe({ name: 't', pure: false })
export class TranslatePipe implements PipeTransform {
  private readonly i18n = inject(TranslationService);

  transform(key: TranslationKey, params?: MessageParams): string {
    return this.i18n.translate(key, params);
  }
}
