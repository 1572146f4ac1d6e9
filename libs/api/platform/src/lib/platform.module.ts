import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './app-config';
import { Clock } from './clock';
import { DomainEvents } from './domain-events';
import { Mailer } from './mailer';

/** Configuration, clock, the domain event bus and e-mail, available everywhere. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PlatformModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, Clock, DomainEvents, Mailer],
      exports: [APP_CONFIG, Clock, DomainEvents, Mailer],
    };
  }
}
