// `npm start`: build only when dist/ is missing or older than what it is built from, then leave the rest to
// `node dist/main.js`. A rebuild is `npm run build` as it stands (clean dist/, tsc, copy the admin UI's views and
// assets); dist/.build-stamp records when the last one started, so edits made during a build are not missed.
//
//   node scripts/build-if-stale.mjs           rebuild when stale
//   node scripts/build-if-stale.mjs --check   only say: exit 0 when current, 3 when stale
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const stamp = join(root, 'dist', '.build-stamp');
// src/ holds the TypeScript and the admin UI's views and assets copied into dist/; the rest steer the compiler.
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** Newest modification under `path`. Directories count too: deleting or renaming a file touches its directory. */
function newest(path) {
  if (!existsSync(path)) return { time: 0, path };
  const stat = statSync(path);
  let found = { time: stat.mtimeMs, path };
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path)) {
      const inner = newest(join(path, entry));
      if (inner.time > found.time) found = inner;
    }
  }
  return found;
}

function staleReason() {
  if (!existsSync(join(root, 'dist', 'main.js'))) return 'dist/main.js is missing';
  if (!existsSync(stamp)) return 'dist/ has no build stamp';
  const built = statSync(stamp).mtimeMs;
  for (const input of inputs) {
    const changed = newest(join(root, input));
    if (changed.time > built) return `${changed.path.slice(root.length + 1)} changed since the last build`;
  }
  return null;
}

const reason = staleReason();
if (process.argv.includes('--check')) {
  console.log(reason ? `stale: ${reason}` : 'current');
  process.exit(reason ? 3 : 0);
}
if (!reason) {
  console.log('dist/ is current: not rebuilding');
  process.exit(0);
}
console.log(`Building (${reason})`);
const started = new Date();
const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
