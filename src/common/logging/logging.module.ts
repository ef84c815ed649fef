import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AppLogger } from './app-logger.js';

/** Flushes the asynchronous log last, once everything else has said its goodbyes. */
class LogFlusher implements OnApplicationShutdown {
  constructor(private readonly logger: AppLogger) {}

  onApplicationShutdown(): void {
    this.logger.close();
  }
}

/** The application's logger (one per application, so that test apps in one process keep their own). */
@Global()
@Module({
  providers: [
    {
      provide: AppLogger,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new AppLogger({ level: config.logLevel, file: config.logFile }),
    },
    { provide: LogFlusher, inject: [AppLogger], useFactory: (logger: AppLogger) => new LogFlusher(logger) },
  ],
  exports: [AppLogger],
})
export class LoggingModule {}
