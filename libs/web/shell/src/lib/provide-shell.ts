import type { Provider } from '@angular/core';
import { TitleStrategy } from '@angular/router';
import { TranslatedTitleStrategy } from './translated-title.strategy';

/**
 * App-wide providers that belong to the shell: page titles translated from route `title` keys.
 * (Nothing from Angular Material here: it would pull Material into the initial bundle.)
 */
export function provideShell(): Provider[] {
  return [{ provide: TitleStrategy, useClass: TranslatedTitleStrategy }];
}
