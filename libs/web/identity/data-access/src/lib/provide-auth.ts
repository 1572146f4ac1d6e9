import { type EnvironmentProviders, inject, provideAppInitializer } from '@angular/core';
import { AuthStore } from './auth.store';

/** Restores the session from the refresh cookie before the first route is resolved. */
export function provideAuth(): EnvironmentProviders {
  return provideAppInitializer(() => inject(AuthStore).restoreSession());
}
