/** Runs the `safeguard` CLI's main() against a harness's database, school and platforms. */
import assert from 'node:assert/strict';
import { main, type CliIo } from '../../src/cli';
import type { FakeClock } from './clock';

/** What a harness gives the CLI: its environment (database, school, platform settings) and its clock. */
export interface CliTarget {
  clock: FakeClock;
  cliEnv(): Record<string, string>;
}

/** Runs `safeguard <args>` with `env`; returns the exit code and everything printed. */
export async function runMain(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (s) => out.push(s), err: (s) => err.push(s) };
  const code = await main(args, io, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Runs `safeguard <args>` against a harness; returns the exit code and everything printed. */
export function runCli(h: CliTarget, args: string[]): Promise<{ code: number; out: string; err: string }> {
  return runMain(args, h.cliEnv());
}

/** `safeguard reminders run --at <iso>` must succeed; `moveClock` sets the app's clock to the same instant. */
export async function remindersRun(h: CliTarget, at: string, opts: { moveClock?: boolean } = {}): Promise<string> {
  if (opts.moveClock) h.clock.set(new Date(at));
  const r = await runCli(h, ['reminders', 'run', '--at', at]);
  assert.equal(r.code, 0, `${r.out}\n${r.err}`);
  return `${r.out}\n${r.err}`.trim();
}
