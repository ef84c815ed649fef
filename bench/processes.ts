import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT, RESULTS_DIR } from './results.js';

/** The bench's own secrets for the servers it starts (loopback only, throwaway databases). */
export const BENCH_MASTER_KEY = 'sk-bench-master-key-0123456789';
export const BENCH_JWT_SECRET = 'bench-jwt-secret-0123456789abcdef0123456789';
export const BENCH_ADMIN_PASSWORD = 'Bench-Admin-Passw0rd!';

export interface ServerProcess {
  name: string;
  baseUrl: string;
  pid: number;
  logPath: string;
  /** Stops the process and waits for it to end (a profiled one exits cleanly so its profile is written). */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `npm run build`: the servers measured are the production build in dist/. */
export async function buildProduction(log: (line: string) => void): Promise<void> {
  log('npm run build (the production build in dist/ is what is measured)…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`))));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tail(path: string, lines = 30): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitUntilServing(child: ChildProcess, url: string, logPath: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`server exited (${exited}) before serving ${url}; log tail:\n${tail(logPath)}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`server did not serve ${url} within ${timeoutMs / 1000}s; log tail:\n${tail(logPath)}`);
}

function stopper(child: ChildProcess, signal: NodeJS.Signals): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await ended;
    clearTimeout(timer);
  };
}

function logFile(name: string): { path: string; fd: number } {
  const dir = join(RESULTS_DIR, 'logs');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.log`);
  return { path, fd: openSync(path, 'w') };
}

/**
 * `node dist/main.js` as production runs it (NODE_ENV=production), on loopback. Its output goes straight to
 * bench/results/logs/<name>.log, so the bench process spends nothing on it. With `cpuProfDir` the server runs under
 * `--cpu-prof` through a thin entry that exits cleanly on SIGTERM (Nest's shutdown hook would re-raise the signal,
 * and a process killed by a signal writes no profile).
 */
export async function startAppServer(options: {
  name: string;
  databaseUrl: string;
  logLevel: string;
  cpuProfDir?: string | null;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const port = await freePort();
  const log = logFile(options.name);
  const main = join(REPO_ROOT, 'dist', 'main.js');
  const args = options.cpuProfDir
    ? [
        '--cpu-prof',
        '--cpu-prof-dir',
        options.cpuProfDir,
        '--cpu-prof-name',
        `${options.name}.cpuprofile`,
        join(REPO_ROOT, 'dist-bench', 'bench', 'profiled-server.js'),
        main,
      ]
    : [main];
  if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });
  const child = spawn(process.execPath, ['--enable-source-maps', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', log.fd, log.fd],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: options.logLevel,
      DATABASE_URL: options.databaseUrl,
      MASTER_KEY: BENCH_MASTER_KEY,
      JWT_SECRET: BENCH_JWT_SECRET,
      JWT_ISSUER: 'portcullis',
      JWT_AUDIENCE: 'portcullis-api',
      PLATFORM_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
      // The bench mints keys and signs in far faster than a person (the revocation trials): the abuse limits are
      // not what it measures.
      ...BENCH_ABUSE_LIMITS,
      ...options.env,
    },
  });
  closeSync(log.fd);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = stopper(child, 'SIGTERM');
  try {
    await waitUntilServing(child, `${baseUrl}/health/liveliness`, log.path);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name: options.name, baseUrl, pid: child.pid!, logPath: log.path, stop };
}

const UNLIMITED = '1000000';
const BENCH_ABUSE_LIMITS: Record<string, string> = {
  THROTTLE_LOGIN_PER_IP: UNLIMITED,
  THROTTLE_LOGIN_PER_ACCOUNT: UNLIMITED,
  THROTTLE_PASSWORD_RESET_PER_IP: UNLIMITED,
  THROTTLE_PASSWORD_RESET_PER_ACCOUNT: UNLIMITED,
  THROTTLE_REGISTER_PER_IP: UNLIMITED,
  THROTTLE_REGISTER_PER_ACCOUNT: UNLIMITED,
  THROTTLE_ISSUANCE_PER_IP: UNLIMITED,
  THROTTLE_ISSUANCE_PER_PRINCIPAL: UNLIMITED,
};

/** The baseline: a bare Fastify server (`GET /` → 200 JSON) in its own process, as the app runs in its own. */
export async function startBareFastify(): Promise<ServerProcess> {
  const port = await freePort();
  const log = logFile('bare-fastify');
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist-bench', 'bench', 'bare-fastify-server.js')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', log.fd, log.fd],
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port) },
  });
  closeSync(log.fd);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = stopper(child, 'SIGTERM');
  try {
    await waitUntilServing(child, `${baseUrl}/`, log.path, 20_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name: 'bare-fastify', baseUrl, pid: child.pid!, logPath: log.path, stop };
}
