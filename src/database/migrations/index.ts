import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';

/** Every migration, oldest first (ESM builds cannot glob-load them). */
export const MIGRATIONS = [InitialSchema1764000000000];
