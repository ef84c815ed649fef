import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This file runs from dist-bench/bench/, so the repository's (gitignored) bench/results/ is two levels up. */
const RESULTS_DIR = fileURLToPath(new URL('../../bench/results/', import.meta.url));

/** Writes `bench/results/<name>` as pretty JSON and answers its path. */
export function writeResult(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, name);
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  return path;
}

/** True when the module at `moduleUrl` is the script node was started with (so each bench also runs alone). */
export function isEntryPoint(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(moduleUrl) === process.argv[1];
}
