import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { PlatformModule, type AppConfig } from '@ecabinet/api/platform';
import { buildDataSourceOptions, DatabaseModule } from '@ecabinet/api/database';
import { AUDIT_ENTITIES, AuditModule } from '@ecabinet/api/audit';
import { IDENTITY_ENTITIES, IdentityModule } from '@ecabinet/api/identity';
import { BALLOT_ENTITIES, BallotsModule } from '@ecabinet/api/ballots';
import { MEETING_ENTITIES, MeetingsModule } from '@ecabinet/api/meetings';
import { PAPER_ENTITIES, PapersModule } from '@ecabinet/api/papers';
import { NOTIFICATION_ENTITIES, NotificationsModule } from '@ecabinet/api/notifications';
import { RealtimeModule } from '@ecabinet/api/realtime';
import { RECORD_ENTITIES, RecordsModule } from '@ecabinet/api/records';
import { SearchModule } from '@ecabinet/api/search';
import { TrustModule } from '@ecabinet/api/trust';
import { ApiExceptionFilter } from './api-exception.filter';
import { ClientConfigController } from './client-config.controller';
import { DemoSeedService } from './demo-seed.service';
import { HealthController, HealthService } from './health.controller';
import { SpaFallback } from './spa-fallback';
import { createValidationPipe } from './validation.pipe';

/** Every entity of every domain; the data source and the CLI both use this list. */
export const ALL_ENTITIES = [...IDENTITY_ENTITIES, ...AUDIT_ENTITIES, ...MEETING_ENTITIES, ...BALLOT_ENTITIES, ...PAPER_ENTITIES, ...NOTIFICATION_ENTITIES, ...RECORD_ENTITIES];

export interface AppModuleOptions {
  config: AppConfig;
  /** Directory of the built web app, served at `/`; null to serve the API alone. */
  webRoot: string | null;
}

@Module({})
export class AppModule {
  static forRoot({ config, webRoot }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config),
        TrustModule,
        DatabaseModule.forRoot(buildDataSourceOptions(config.database, ALL_ENTITIES), config.redisUrl),
        AuditModule,
        IdentityModule.forRoot(config),
        MeetingsModule,
        BallotsModule,
        PapersModule,
        NotificationsModule,
        RecordsModule,
        SearchModule,
        RealtimeModule,
      ],
      controllers: [HealthController, ClientConfigController],
      providers: [
        HealthService,
        DemoSeedService,
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useFactory: () => new ApiExceptionFilter(SpaFallback.fromDirectory(webRoot)) },
      ],
    };
  }
}
