/**
 * Processes a benchmark starts: the server under test (the product as `npm start` runs it, or a
 * bare-framework floor) and the load driver, each in its own process, so that none measures
 * another's work. Ports are picked up front; a server is ready when its /healthz answers.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { DriverJob, DriverResult } from './driver';

export const ROOT = path.resolve(__dirname, '../..');

/** A free loopback port (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A running server process. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident set size now, in MB (from /proc; NaN where there is none). */
  rssMb(): number;
  stop(): Promise<void>;
}

const TS = ['-r', 'ts-node/register/transpile-only'];

/** Starts `entry` (compiled .js, or .ts through ts-node) with PORT set and waits for /healthz. */
export async function startServer(entry: string, env: Record<string, string> = {}, opts: { profileDir?: string } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = fork(entry, [], {
    cwd: ROOT,
    // BENCH_PROFILE=<dir> writes a V8 CPU profile of the product on exit (open it in Chrome DevTools).
    execArgv: [...(entry.endsWith('.ts') ? TS : []), ...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [])],
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${path.basename(entry)} exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) throw new Error(`${path.basename(entry)} did not answer /healthz: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid ?? -1, rssMb: () => rssOf(child.pid), stop: () => stopChild(child) };
}

function rssOf(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs the compiled CLI (`safeguard …`) to the end, e.g. `db init` for a new bench database. */
export async function runCli(args: string[], env: Record<string, string>): Promise<void> {
  const child = fork(path.join(ROOT, 'dist', 'cli.js'), args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`safeguard ${args.join(' ')} failed (${code}): ${stderr}`);
}

/** The load driver process: one job at a time. */
export class Driver {
  private constructor(private readonly child: ChildProcess) {}

  static start(): Driver {
    return new Driver(fork(path.join(__dirname, 'driver.ts'), [], { cwd: ROOT, execArgv: TS, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  /** Sends the job and waits for its result. */
  run(job: DriverJob): Promise<DriverResult> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`driver exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (r: DriverResult) => {
        this.child.off('exit', onExit);
        resolve(r);
      });
      this.child.send(job);
    });
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

/** The product as `npm start` runs it: compiled JavaScript (the bench scripts run `npm run build` first). */
export function productEntry(): string {
  const entry = path.join(ROOT, 'dist', 'server.js');
  if (!fs.existsSync(entry)) throw new Error('dist/server.js is missing: run `npm run build` first (the npm bench scripts do)');
  return entry;
}
