import { type EnvironmentProviders, type Provider, inject, provideAppInitializer } from '@angular/core';
import { TitleStrategy } from '@angular/router';
import { SingleSignOn } from '@ecabinet/web/identity/data-access';
import { TranslationService } from '@ecabinet/web/shared/i18n';
import { catchError, firstValueFrom, of, timeout } from 'rxjs';
import { ClientConfigApi } from './client-config.api';
import { TranslatedTitleStrategy } from './translated-title.strategy';

/**
 * Before the first screen: the Government's time zone from the server (`TIMEZONE`), so every
 * date and time is shown on its clock whatever the device's zone, and whether the login page
 * offers single sign-on. Should the server not answer
 * quickly, the default (Hanoi time) stands; the app never waits more than a few seconds.
 */
export function loadClientConfig(): Promise<void> {
  const api = inject(ClientConfigApi);
  const i18n = inject(TranslationService);
  const sso = inject(SingleSignOn);
  return firstValueFrom(
    api.read().pipe(
      timeout(5000),
      catchError(() => of(null)),
    ),
  ).then((config) => {
    if (config) {
      i18n.setTimeZone(config.timeZone);
      sso.available.set(config.singleSignOn === true);
    }
  });
}

/**
 * App-wide providers that belong to the shell: page titles translated from route `title` keys,
 * and the installation's settings read at start-up.
 * (Nothing from Angular Material here: it would pull Material into the initial bundle.)
 */
export function provideShell(): (Provider | EnvironmentProviders)[] {
  return [
    { provide: TitleStrategy, useClass: TranslatedTitleStrategy },
    provideAppInitializer(loadClientConfig),
    provideAppInitializer(() => inject(TranslationService).whenReady()),
  ];
}
