/**
 * Entry for a server started under `--cpu-prof`: exits with process.exit on SIGTERM/SIGINT (a profile is written on
 * a clean exit only; Nest's own shutdown hook re-raises the signal), then runs the production build it is given.
 * Listeners run in registration order, so this one ends the process before Nest's starts closing.
 */
import { pathToFileURL } from 'node:url';

const main = process.argv[2];
if (!main) throw new Error('usage: node --cpu-prof profiled-server.js <dist/main.js>');
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
await import(pathToFileURL(main).href);
