#!/usr/bin/env node
/**
 * `safeguard`: admin commands. A registry of commands (name → handler), not a switch, so a new
 * command is one entry: `safeguard config check [file]` today, `drafts purge` and others later.
 */
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, ConfigError } from './config';
import { ROLES, type Role } from './core/model';
import { formatProblem, loadSchool, SchoolConfigError } from './core/people/load-school';
import type { School } from './core/people/school';
import { remindersRun, staffImport } from './cli-duties';
import { pupilsImport, pupilsSync } from './cli-pupils';
import { dbInit, describeDatabase } from './cli-db';
import { loadSchools } from './host/schools';
import { slackMode } from './platforms/slack/bolt';
import { describeFailure, printable } from './cli-errors';

/** Where a command writes: one line per call. Tests pass a recorder; the runner passes stdout/stderr. */
export interface CliIo {
  out(s: string): void;
  err(s: string): void;
}

/** What a command receives: its own arguments (after the command words), the io, and the environment. */
export interface CommandContext {
  args: string[];
  io: CliIo;
  env: NodeJS.ProcessEnv;
}

/** One admin command: its usage line, a one-line summary, and a handler returning the exit code. */
export interface Command {
  usage: string;
  summary: string;
  /** node:util parseArgs options; `--help` is added to every command. */
  options?: ParseArgsConfig['options'];
  run(ctx: CommandContext, parsed: { values: Record<string, unknown>; positionals: string[] }): Promise<number>;
}

/** Exit codes: 0 done, 1 the thing checked is invalid or the command failed, 2 the command line is wrong. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

const ROLE_LABELS: Record<Role, string> = {
  dsl: 'Designated safeguarding lead',
  deputy_dsl: 'Deputy DSL',
  online_safety_lead: 'Online safety lead',
  headteacher: 'Headteacher',
  chair_of_governors: 'Chair of governors',
  online_safety_governor: 'Online safety governor',
  ict_lead: 'ICT lead / IT provider',
  staff: 'Staff',
};

const DEFAULT_SCHOOL_FILE = path.join('config', 'demo-school.yaml');

async function configCheck(ctx: CommandContext, parsed: { positionals: string[] }): Promise<number> {
  const { io } = ctx;
  if (parsed.positionals.length > 1) {
    io.err(`Too many arguments: ${printable(parsed.positionals.join(' '))}`);
    io.err(`Usage: ${commands['config check'].usage}`);
    return EXIT.USAGE;
  }
  let file = parsed.positionals[0];
  if (!file && ctx.env.SCHOOLS_DIR?.trim()) return checkSchools(ctx);
  let source = 'given on the command line';
  let envInvalid = false;
  if (!file) {
    try {
      file = loadConfig(ctx.env).SCHOOL_CONFIG;
      source = ctx.env.SCHOOL_CONFIG?.trim() ? 'from SCHOOL_CONFIG' : 'the default: SCHOOL_CONFIG is not set';
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      // The environment is broken elsewhere: say so (exit 1), but still check the school file it names.
      io.err(e.message);
      envInvalid = true;
      file = ctx.env.SCHOOL_CONFIG?.trim() || DEFAULT_SCHOOL_FILE;
      source = ctx.env.SCHOOL_CONFIG?.trim() ? 'from SCHOOL_CONFIG' : 'the default';
    }
  }

  let school: School;
  try {
    school = loadSchool(file);
  } catch (e) {
    if (!(e instanceof SchoolConfigError)) throw e;
    // The file name and problems are printed safe: a path typed with control characters is not echoed raw.
    if (e.problems.length === 0) e.message.split('\n').forEach((l) => io.err(printable(l, 400)));
    else {
      io.err(`${printable(file, 400)}: ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}`);
      for (const p of e.problems) io.err(printable(formatProblem(p), 400));
    }
    return EXIT.FAILED;
  }
  for (const line of describeSchool(school, file, source)) io.out(printable(line, 400));
  return envInvalid ? EXIT.FAILED : EXIT.OK;
}

/** `config check` with SCHOOLS_DIR: every school file, alone and against the others (no two may claim one workspace or channel). */
function checkSchools(ctx: CommandContext): number {
  const { io } = ctx;
  let config;
  try {
    config = loadConfig(ctx.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.err(e.message);
    return EXIT.FAILED;
  }
  let entries;
  try {
    entries = loadSchools(config, { slackOn: slackMode(config) !== 'off' });
  } catch (e) {
    if (!(e instanceof SchoolConfigError)) throw e;
    io.err(`SCHOOLS_DIR ${printable(config.SCHOOLS_DIR ?? '', 400)}: the schools cannot be served as they are`);
    // Each file's problems (by line) and the cross-school ones, all at once.
    e.message.split('\n').forEach((l) => io.err(printable(l, 400)));
    return EXIT.FAILED;
  }
  io.out(`${entries.length} school${entries.length === 1 ? '' : 's'} in ${printable(config.SCHOOLS_DIR ?? '', 400)}, each with its own records:`);
  for (const e of entries) {
    io.out('');
    io.out(`[${e.id}]  ${printable(describeDatabase(e.databaseUrl), 400)}`);
    for (const line of describeSchool(e.school, e.file, 'from SCHOOLS_DIR')) io.out(printable(line, 400));
  }
  return EXIT.OK;
}

/** What `config check` prints about a valid school: name, time zone, people by role, where the DSL team works, routes and settings. */
export function describeSchool(school: School, file: string, source: string): string[] {
  const f = school.file;
  const who = (email: string) => {
    const p = school.person(email);
    return `${p.name} <${p.email}>`;
  };
  const lines = [
    `School file ${file} (${source}) is valid.`,
    '',
    `School:     ${school.name}`,
    `Time zone:  ${school.timezone}`,
    `References: ${school.referencePrefix}-YYYY-NNNN`,
    '',
    `People: ${f.people.length} listed (anyone not listed is treated as staff)`,
  ];
  for (const role of ROLES) {
    const holders = school.withRole(role);
    lines.push(`  ${ROLE_LABELS[role]} (${role}): ${holders.length}`);
    for (const p of holders) lines.push(`    ${p.name} <${p.email}>`);
  }

  const warnings: string[] = [];
  const team = f.safeguarding_team;
  lines.push('', 'Where the DSL team works:');
  if (team.teams) {
    const extra = [team.teams.tenant_id && `tenant ${team.teams.tenant_id.join(', ')}`, team.teams.service_url && `service URL ${team.teams.service_url}`];
    const suffix = extra.filter(Boolean).join(', ');
    lines.push(`  Teams channel: ${team.teams.channel_id}${suffix ? ` (${suffix})` : ''}`);
  }
  if (team.slack) lines.push(`  Slack channel: ${team.slack.channel_id}`);
  if (!team.teams && !team.slack) {
    lines.push('  (no channel set)');
    warnings.push('safeguarding_team has neither a teams nor a slack channel: the DSL team is told only in 1:1 chats.');
  }

  lines.push('', 'Routes:');
  const alt = f.routes.concern_about_chair;
  lines.push(`  A concern about the chair of governors goes to: ${alt ? who(alt) : '(not set: routes.concern_about_chair)'}`);
  const lado = f.routes.lado;
  if (lado) lines.push(`  LADO: ${[lado.name, lado.phone, lado.email].filter(Boolean).join(', ')}`);
  else lines.push('  LADO: (not set: routes.lado)');
  if (school.withRole('chair_of_governors').length === 0)
    warnings.push('nobody has the role chair_of_governors: a concern about the headteacher has nobody to go to.');
  if (!alt) warnings.push('routes.concern_about_chair is not set: name the vice-chair (or another governor) for a concern about the chair.');

  lines.push(
    '',
    'Reporting:',
    `  Urgent concerns are re-paged if not acknowledged within ${f.reporting.urgent_acknowledge_minutes} minutes.`,
    `  Unsent report drafts are deleted after ${f.reporting.draft_expiry_hours} hours.`,
    `  An unsent draft saying a child is in immediate danger is flagged to the safeguarding team after ${f.reporting.urgent_draft_alert_minutes} idle minutes.`,
  );
  // Issue #11: the pattern alerts' thresholds, so a school sees what its `patterns:` (or the defaults) mean.
  const p = school.patterns;
  lines.push(
    '',
    'Pattern alerts to the DSL team:',
    p.repeated_concerns.off ? '  A pupil\'s repeated concerns: off.' : `  A pupil named in ${p.repeated_concerns.count} concerns within ${p.repeated_concerns.days} days.`,
    p.repeated_perpetrator.off ? '  A pupil named again as alleged perpetrator: off.' : `  A pupil named as alleged perpetrator in ${p.repeated_perpetrator.count} concerns within ${p.repeated_perpetrator.days} days.`,
    p.kind_spike.off
      ? '  A kind rising above its usual rate: off.'
      : `  A kind with at least ${p.kind_spike.min_count} concerns in ${p.kind_spike.days} days and ${p.kind_spike.factor} × its usual count over the ${p.kind_spike.baseline_days} days before.`,
  );
  if (warnings.length) lines.push('', 'Warnings:', ...warnings.map((w) => `  - ${w}`));
  return lines;
}

/** The command registry: add an entry to add a command (multi-word names such as `config check` are matched word by word). */
export const commands: Record<string, Command> = {
  'config check': {
    usage: 'safeguard config check [file]',
    summary: 'Check a school file and show what it says (default: every school in SCHOOLS_DIR, else SCHOOL_CONFIG, else config/demo-school.yaml).',
    run: configCheck,
  },
  // A new school's database is created only on purpose: a mistyped DATABASE_URL must not start an empty school.
  'db init': dbInit,
  // Duties: src/cli-duties.ts.
  'reminders run': remindersRun,
  'staff import': staffImport,
  // Pupils from the MIS (issue #11): src/cli-pupils.ts.
  'pupils import': pupilsImport,
  'pupils sync': pupilsSync,
};

/** The usage text: every registered command with its summary. */
export function usage(): string[] {
  const width = Math.max(...Object.values(commands).map((c) => c.usage.length));
  return [
    'Usage: safeguard <command> [options]',
    '',
    'Commands:',
    ...Object.values(commands).map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --help. Exit codes: 0 ok, 1 invalid or failed, 2 bad command line.',
  ];
}

/** Finds the longest registered command name made of the leading words of argv. */
function findCommand(argv: string[]): { name: string; rest: string[] } | null {
  const words: string[] = [];
  for (const w of argv) {
    if (w.startsWith('-')) break;
    words.push(w);
  }
  for (let n = words.length; n > 0; n--) {
    const name = words.slice(0, n).join(' ');
    if (Object.hasOwn(commands, name)) return { name, rest: argv.slice(n) };
  }
  return null;
}

/** Runs the CLI with argv (without node and script) and returns the exit code; never calls process.exit. */
export async function main(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    for (const l of usage()) {
      if (argv.length === 0) io.err(l);
      else io.out(l);
    }
    return argv.length === 0 ? EXIT.USAGE : EXIT.OK;
  }
  const found = findCommand(argv);
  if (!found) {
    const typed = argv.filter((w) => !w.startsWith('-')).join(' ') || argv.join(' ');
    io.err(`Unknown command: ${printable(typed)}`);
    usage().forEach((l) => io.err(l));
    return EXIT.USAGE;
  }
  const command = commands[found.name];
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: found.rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    io.err(printable((e as Error).message, 200));
    io.err(`Usage: ${command.usage}`);
    return EXIT.USAGE;
  }
  if (parsed.values.help) {
    io.out(`Usage: ${command.usage}`);
    io.out(command.summary);
    return EXIT.OK;
  }
  try {
    return await command.run({ args: found.rest, io, env }, parsed);
  } catch (e) {
    describeFailure(e).forEach((l) => io.err(l));
    return EXIT.FAILED;
  }
}

if (require.main === module) {
  const io: CliIo = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      describeFailure(e).forEach((l) => io.err(l));
      process.exitCode = EXIT.FAILED;
    },
  );
}
