import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { type ApplicationConfig, Injector, inject, isDevMode, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideServiceWorker } from '@angular/service-worker';
import { OFFLINE_SIGN_IN, authInterceptor, lastSeenInterceptor, provideAuth } from '@ecabinet/web/identity/data-access';
import { provideShell } from '@ecabinet/web/shell';
import { appRoutes } from './app.routes';

/** The papers library signs in without the server (#14): loaded when first needed, so the login page stays light. */
function offlineSignInLoader() {
  const injector = inject(Injector);
  return () => import('@ecabinet/web/papers/data-access').then((papers) => injector.get(papers.PasswordSignIn));
}

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    // Outermost, the last answers seen: a page opened before shows them again when the network is gone.
    provideHttpClient(withInterceptors([lastSeenInterceptor, authInterceptor])),
    provideRouter(appRoutes, withComponentInputBinding()),
    provideAuth(),
    provideShell(),
    { provide: OFFLINE_SIGN_IN, useFactory: offlineSignInLoader },
    // The installable app: Angular's service worker keeps the shell and the reader's files, so the
    // app opens with the network off (production builds only; ngsw-config.json says what it keeps).
    provideServiceWorker('ngsw-worker.js', { enabled: !isDevMode(), registrationStrategy: 'registerWhenStable:5000' }),
  ],
};
