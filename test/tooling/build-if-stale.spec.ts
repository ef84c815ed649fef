import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

const SCRIPT = join(process.cwd(), 'scripts', 'build-if-stale.mjs');

/** `npm start` runs scripts/build-if-stale.mjs: here it drives a project whose build only counts its runs. */
describe('scripts/build-if-stale.mjs', () => {
  const project = mkdtempSync(join(tmpdir(), 'portcullis-build-'));
  const builds = join(project, 'builds.log');
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'fixture',
      private: true,
      scripts: { build: 'rm -rf dist && mkdir dist && echo built > dist/main.js && echo build >> builds.log' },
    }),
  );
  mkdirSync(join(project, 'src', 'modules', 'admin-ui', 'views'), { recursive: true });
  writeFileSync(join(project, 'src', 'main.ts'), 'export {};\n');
  writeFileSync(join(project, 'src', 'modules', 'admin-ui', 'views', 'page.eta'), '<p></p>\n');
  writeFileSync(join(project, 'src', 'modules', 'admin-ui', 'views', 'old.eta'), '<p></p>\n');
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  const run = (...args: string[]) => spawnSync('node', [SCRIPT, ...args], { cwd: project, encoding: 'utf8' });
  const buildCount = () => readFileSync(builds, 'utf8').trim().split('\n').length;
  /** Sets the last build back in time, so that what happens next is after it whatever the clock's resolution. */
  const ageBuild = () => {
    const earlier = new Date(Date.now() - 10_000);
    utimesSync(join(project, 'dist', '.build-stamp'), earlier, earlier);
  };
  const touchLater = (path: string) => {
    ageBuild();
    const now = new Date();
    utimesSync(path, now, now);
  };

  it('builds a fresh clone (no dist/), then starts without rebuilding while nothing changed', () => {
    expect(run('--check')).toMatchObject({ status: 3, stdout: 'stale: dist/main.js is missing\n' });
    expect(run().status).toBe(0);
    expect(buildCount()).toBe(1);
    expect(run('--check')).toMatchObject({ status: 0, stdout: 'current\n' });
    const again = run();
    expect(again).toMatchObject({ status: 0, stdout: 'dist/ is current: not rebuilding\n' });
    expect(buildCount()).toBe(1);
  });

  it('rebuilds after a source file changes', () => {
    touchLater(join(project, 'src', 'main.ts'));
    expect(run('--check').stdout).toBe('stale: src/main.ts changed since the last build\n');
    expect(run().status).toBe(0);
    expect(buildCount()).toBe(2);
    expect(run('--check').status).toBe(0);
  });

  it('rebuilds after an admin UI view changes, or one is deleted (its directory changes)', () => {
    touchLater(join(project, 'src', 'modules', 'admin-ui', 'views', 'page.eta'));
    expect(run('--check').stdout).toBe('stale: src/modules/admin-ui/views/page.eta changed since the last build\n');
    run();
    expect(buildCount()).toBe(3);

    ageBuild();
    unlinkSync(join(project, 'src', 'modules', 'admin-ui', 'views', 'old.eta'));
    expect(run('--check').stdout).toBe('stale: src/modules/admin-ui/views changed since the last build\n');
  });

  it('rebuilds when the stamp is missing (a build made by hand), and fails when the build fails', () => {
    rmSync(join(project, 'dist', '.build-stamp'));
    expect(run('--check').stdout).toBe('stale: dist/ has no build stamp\n');
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    manifest.scripts.build = 'exit 7';
    writeFileSync(join(project, 'package.json'), JSON.stringify(manifest));
    expect(run().status).toBe(7);
  });
});
