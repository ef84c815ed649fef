import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This file runs from dist-bench/bench/, so the repository is two levels up. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The (gitignored) bench/results/ of the repository. */
export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

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
