import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { COMMITTED_CHANGES_REDIS_URL, CommittedChanges } from './committed-changes';
import { TransactionRunner } from './transaction-runner';

class DataSourceLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * The TypeORM data source as a Nest provider. Services inject `DataSource` and take their
 * repositories from it; a thin wrapper of our own instead of @nestjs/typeorm, whose current
 * release ships ES modules only and cannot run under the CommonJS test runner.
 */
@Global()
@Module({})
export class DatabaseModule {
  /** `redisUrl`: other instances to tell of committed changes (CommittedChanges), or null. */
  static forRoot(options: DataSourceOptions, redisUrl: string | null = null): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => new DataSource(options).initialize(),
        },
        TransactionRunner,
        DataSourceLifecycle,
        { provide: COMMITTED_CHANGES_REDIS_URL, useValue: redisUrl },
        CommittedChanges,
      ],
      exports: [DataSource, TransactionRunner, CommittedChanges],
    };
  }
}
