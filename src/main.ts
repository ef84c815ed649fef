import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { createFastifyAdapter, setupApp } from './app.setup.js';
import { loadAppConfig } from './config/app-config.js';

const config = loadAppConfig();
const app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(), { bufferLogs: true });
app.useLogger(app.get(Logger));
await setupApp(app);
await app.listen(config.port, config.host);
app.get(Logger).log(`Portcullis listening on http://${config.host}:${config.port} (docs at /docs)`);
