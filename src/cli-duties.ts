/** CLI commands of duties: `reminders run [--at <ISO time>]` and `staff import <csv>`. */
import fs from 'node:fs';
import { loadConfig } from './config';
import type { CoreDeps } from './core/deps';
import { systemClock } from './core/ports';
import { ensureAua } from './core/duties/facts';
import { parseStaffCsv } from './core/duties/csv-import';
import { importStaff } from './core/duties/staff-import';
import { localDate } from './core/duties/dates';
import { openStore } from './store';
import { drainOutbox, processOwner, wire } from './host/wiring';
import { oneSchool } from './host/schools';
import { sweepDutiesNow } from './host/background';
import { createLogger } from './log';
import type { CliIo, Command } from './cli';
import { printable } from './cli-errors';

/** The `--school <id>` option, when given. */
export function schoolOption(values: Record<string, unknown>): string | undefined {
  return typeof values.school === 'string' ? values.school : undefined;
}

const fail = (io: CliIo, msg: string) => {
  io.err(msg);
  return 1;
};

/** `safeguard reminders run [--at <ISO time>] [--no-deliver]`: the server's duty sweep and senders, run once. */
export const remindersRun: Command = {
  usage: 'safeguard reminders run [--at <ISO time>] [--no-deliver] [--school <id>]',
  summary: 'Run one duty-reminder sweep as of now (or --at), then deliver through Teams (school file) and Slack (SLACK_BOT_TOKEN or OAuth installs) when configured.',
  options: { at: { type: 'string' }, 'no-deliver': { type: 'boolean' }, school: { type: 'string' } },
  async run({ io, env }, { values }) {
    let clock = systemClock;
    if (values.at !== undefined) {
      const at = new Date(String(values.at));
      if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(String(values.at))) return fail(io, `--at must be an ISO time such as 2026-11-23T09:00:00Z (got ${printable(String(values.at))})`);
      clock = { now: () => new Date(at.getTime()) };
    }
    const config = loadConfig(env);
    // The server's own wiring: the same senders (Graph reach, the Slack router) whoever queued the message.
    const w = await wire(config, { clock, log: createLogger(config.LOG_LEVEL), initDatabase: false, owner: processOwner('cli:'), school: schoolOption(values) });
    try {
      const r = await sweepDutiesNow(w);
      io.out(`Sweep as of ${clock.now().toISOString()}: ${r.reminders} reminders, ${r.escalations} escalations, ${r.digests} digests, ${r.reblocks} re-block reminders queued.`);
      const teams = Boolean(w.school.file.safeguarding_team.teams);
      if (values['no-deliver'] || (!teams && !w.slackOn)) {
        io.out(values['no-deliver'] ? 'Left queued (--no-deliver): the server delivers them.' : 'No platform is configured in the school file: messages are left queued in the outbox for the server to deliver.');
        return 0;
      }
      const handled = await drainOutbox(w.worker);
      const via = [teams && 'Teams', w.slackOn && 'Slack'].filter(Boolean).join(' and ');
      io.out(`Delivered through ${via}: ${handled} outbox messages handled (failures are retried by the server).`);
      return 0;
    } finally {
      await w.close();
    }
  },
};

/** A code for a failure, never its message (which may quote data): the driver's code, or the error's own. */
export function errorCode(e: unknown): string {
  const err = e as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = err?.driverError?.code ?? err?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? code : 'DB_ERROR';
}

/** Largest CSV read: far above 200,000 staff rows, small enough to hold in memory. */
export const MAX_CSV_BYTES = 64 * 1024 * 1024;
/** Problems printed; the rest are counted. */
const MAX_PRINTED_PROBLEMS = 100;

/** Prints an import's problems (at most MAX_PRINTED_PROBLEMS), each after `prefix`, made safe for a terminal. */
export function printProblems(io: CliIo, heading: string, prefix: string, errors: string[]): void {
  io.err(heading);
  errors.slice(0, MAX_PRINTED_PROBLEMS).forEach((e) => io.err(`${prefix}${printable(e, 400)}`));
  if (errors.length > MAX_PRINTED_PROBLEMS) io.err(`…and ${errors.length - MAX_PRINTED_PROBLEMS} more.`);
}

/** `safeguard staff import <csv>`: validated whole with no database, then staged in batches and applied at once. */
export const staffImport: Command = {
  usage: 'safeguard staff import <csv> [--school <id>]',
  summary: 'Import staff (email,name,role,start_date,last_training_date,last_aua_date[,left_date]); all or nothing, errors by line and column.',
  options: { school: { type: 'string' } },
  async run({ io, env }, { values, positionals }) {
    if (positionals.length !== 1) return fail(io, `Usage: ${staffImport.usage}`) && 2;
    const file = positionals[0]!;
    // The path as typed, made safe to print: a name with control characters could rewrite the admin's terminal.
    const shown = printable(file, 400);
    let text: string;
    try {
      const size = fs.statSync(file).size;
      if (size > MAX_CSV_BYTES) return fail(io, `${shown}: the file is ${Math.ceil(size / 1024 / 1024)} MB; at most ${MAX_CSV_BYTES / 1024 / 1024} MB is accepted. Nothing was imported.`);
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      return fail(io, `Cannot read ${shown}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const clock = systemClock;
    const config = loadConfig(env);
    const entry = oneSchool(config, schoolOption(values));
    const school = entry.school;
    // Validated before the database is opened: a bad file never touches it.
    const { rows, errors } = parseStaffCsv(text, localDate(clock.now(), school.timezone));
    if (errors.length > 0) {
      printProblems(io, `${shown}: ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing was imported.`, `${shown}:`, errors.map((e) => e.replace(/^line /, '')));
      return 1;
    }
    const store = await openStore(entry.databaseUrl);
    try {
      const deps: CoreDeps = { store, school, clock };
      let r: Awaited<ReturnType<typeof importStaff>>;
      try {
        const aua = await ensureAua(deps.store, deps.school, deps.clock.now());
        r = await importStaff(deps, rows, aua);
      } catch (e) {
        // Staged rows are not live: until the one apply transaction commits, nothing has changed.
        io.err(`${shown}: the import stopped (${errorCode(e)}); nothing was changed. Run it again: a re-run adds nothing twice.`);
        return 1;
      }
      io.out(`Imported ${r.staff} staff, ${r.completions} training records and ${r.signatures} AUA signatures${r.left ? `; ${r.left} marked as left (their reminders stop)` : ''}.`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
