import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..');
const run = promisify(execFile);
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  bin: Record<string, string>;
};

/** The file `npm start` hands to node: its script must be exactly `node <file>`. */
function startEntry(): string {
  const m = /^node (\S+\.js)$/.exec(pkg.scripts.start ?? '');
  assert.ok(m, `npm start runs "${pkg.scripts.start}", not node on a compiled .js file`);
  return m[1]!;
}

/** Starts the compiled server on a free port; resolves with its URL and a way to stop it. */
function startCompiled(entry: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const env = { PATH: process.env.PATH ?? '', PORT: '0', DATABASE_URL: 'sqlite::memory:' };
  const child = spawn(process.execPath, [path.join(ROOT, entry)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGKILL');
    await exited;
  };
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const port = /"code":"LISTENING"[^\n]*"port":(\d+)/.exec(out)?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}`, stop });
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('exit', () => reject(new Error(`the compiled server exited before listening: ${out.slice(-800)}`)));
  });
}

describe('package: npm start runs compiled JavaScript', function () {
  it('builds before it starts, and starts the build output with node alone', () => {
    assert.equal(pkg.scripts.prestart, 'npm run build');
    assert.match(pkg.scripts.build ?? '', /^tsc -p tsconfig\.build\.json$/);
    const build = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { outDir: string } };
    assert.ok(startEntry().startsWith(`${build.compilerOptions.outDir}/`), 'the start entry lies in the build output');
    assert.ok(pkg.bin.safeguard?.startsWith(`${build.compilerOptions.outDir}/`), 'the safeguard command lies in the build output');
  });

  describe('after npm run build', function () {
    // A full type-checked build: some 20 s on an idle machine, far more on a busy one.
    this.timeout(240_000);
    before(async () => {
      await run('npm', ['run', 'build'], { cwd: ROOT });
    });

    it('starts the compiled server, which answers /healthz with the database up', async () => {
      const server = await startCompiled(startEntry());
      try {
        const res = await fetch(`${server.url}/healthz`);
        assert.equal(res.status, 200);
        assert.deepEqual(await res.json(), { status: 'ok', database: 'up', school: 'Demo Primary School' });
      } finally {
        await server.stop();
      }
    });

    it('finds the card templates from the compiled code', async () => {
      const expand = path.join(ROOT, 'dist', 'cards', 'expand.js');
      const { stdout } = await run(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(expand)}).cardsDir())`], { cwd: ROOT });
      assert.equal(stdout, path.join(ROOT, 'cards'));
    });

    it('installs a safeguard command that is compiled JavaScript and runs', async () => {
      const bin = path.join(ROOT, pkg.bin.safeguard!);
      assert.match(fs.readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
      const { stdout } = await run(process.execPath, [bin, 'config', 'check', 'config/demo-school.yaml'], { cwd: ROOT });
      assert.match(stdout, /Demo Primary School/);
    });
  });
});
