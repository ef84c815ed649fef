import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { prepareDataSourceOptions, type PreparedDataSource } from './data-source-options.js';
import { runMigrations } from './run-migrations.js';

const PREPARED_DATA_SOURCE = Symbol('PREPARED_DATA_SOURCE');

/** The embedded PGlite database behind the data source, or null on Postgres (the change feed listens on it). */
export const EMBEDDED_DATABASE = Symbol('EMBEDDED_DATABASE');

@Global()
@Module({
  providers: [
    {
      provide: PREPARED_DATA_SOURCE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => prepareDataSourceOptions(config.database),
    },
  ],
  exports: [PREPARED_DATA_SOURCE],
})
class PreparedDataSourceModule {}

/** Closes the embedded store after the data source that uses it, whichever shutdown hook runs first. */
class EmbeddedStoreCloser implements OnApplicationShutdown {
  constructor(
    @Inject(PREPARED_DATA_SOURCE) private readonly prepared: PreparedDataSource,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.prepared.pglite) return;
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.prepared.pglite.close();
  }
}

/** Connects to Postgres (or the embedded PGlite) and applies pending migrations before anything else runs. */
@Global()
@Module({
  imports: [
    PreparedDataSourceModule,
    TypeOrmModule.forRootAsync({
      imports: [PreparedDataSourceModule],
      inject: [PREPARED_DATA_SOURCE],
      useFactory: (prepared: PreparedDataSource) => prepared.options,
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrations(dataSource, { singleConnection: (options as { poolSize?: number }).poolSize === 1 });
        return dataSource;
      },
    }),
  ],
  providers: [
    { provide: EmbeddedStoreCloser, inject: [PREPARED_DATA_SOURCE, DataSource], useFactory: (p, d) => new EmbeddedStoreCloser(p, d) },
    { provide: EMBEDDED_DATABASE, inject: [PREPARED_DATA_SOURCE], useFactory: (p: PreparedDataSource) => p.pglite?.db ?? null },
  ],
  exports: [EMBEDDED_DATABASE],
})
export class DatabaseModule {}
