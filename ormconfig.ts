import { DataSource } from 'typeorm';
import { loadAppConfig } from './src/config/app-config.js';
import { prepareDataSourceOptions } from './src/database/data-source-options.js';

/** The TypeORM CLI's entry point: the same options object the application uses (src/database). */
const prepared = await prepareDataSourceOptions(loadAppConfig().database);
export default new DataSource(prepared.options);
