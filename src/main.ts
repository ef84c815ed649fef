import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { createFastifyAdapter, setupApp } from './app.setup.js';
import { AppLogger } from './common/logging/app-logger.js';
import { loadAppConfig } from './config/app-config.js';
import { UsersService } from './modules/users/users.service.js';
import { embeddedDatabaseWarning, gatherStartupFacts, startupSummary } from './startup-summary.js';

const config = loadAppConfig();
const app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(), { bufferLogs: true });
const logger = app.get(AppLogger);
app.useLogger(logger);
// Said before the routes and again as the last line, so that nobody scrolls past it.
const warning = embeddedDatabaseWarning(config);
if (warning) logger.error(warning, 'Startup');
await setupApp(app);
await app.listen(config.port, config.host);
// The summary is for people; a failure to gather it never stops a server that is already serving.
await gatherStartupFacts(config, `http://${config.host}:${config.port}`, app.get(DataSource), app.get(UsersService)).then(
  (facts) => logger.log(startupSummary(facts), 'Startup'),
  (error: unknown) => logger.warn(`Listening on port ${config.port}; the start-up summary failed: ${String(error)}`, 'Startup'),
);
if (warning) logger.error(warning, 'Startup');
