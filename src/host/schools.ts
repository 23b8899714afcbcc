/**
 * Issue #10: the schools one deployment serves. A multi-academy trust or a local authority runs one
 * server (or several on one PostgreSQL database) for many schools: each school file in SCHOOLS_DIR is a
 * tenant, named by its file (`oakfield.yaml` → `oakfield`), with its own people, roles, channels, duties
 * and records. Without SCHOOLS_DIR, SCHOOL_CONFIG is the one school, as before.
 *
 * Each school's records live apart: its own PostgreSQL schema (`school_<id>`, or `<schema>_<id>` under a
 * `?schema=` URL), or its own SQLite file (`safeguard.<id>.sqlite` beside DATABASE_URL's). No query can
 * then reach another school's rows, whatever it forgets: isolation does not rest on every WHERE clause.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDemoSchool, teamsMode, type Config } from '../config';
import { loadSchool, SchoolConfigError, type SchoolProblem } from '../core/people/load-school';
import type { School } from '../core/people/school';
import { parseDatabaseUrl } from '../store';

/** One school this deployment serves. */
export interface SchoolEntry {
  /** The school's id: its file name without `.yaml`, lower-case letters, digits and hyphens. */
  id: string;
  file: string;
  school: School;
  /** Where its records live (DATABASE_URL itself when the deployment serves one school). */
  databaseUrl: string;
}

const SCHOOL_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** The school files of a configuration: every `*.yaml` / `*.yml` in SCHOOLS_DIR (by name), else SCHOOL_CONFIG alone. */
export function schoolFiles(config: Pick<Config, 'SCHOOLS_DIR' | 'SCHOOL_CONFIG'>): { id: string; file: string }[] {
  if (!config.SCHOOLS_DIR) return [{ id: idOf(config.SCHOOL_CONFIG), file: config.SCHOOL_CONFIG }];
  let names: string[];
  try {
    names = fs.readdirSync(config.SCHOOLS_DIR);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SchoolConfigError(`SCHOOLS_DIR ${path.resolve(config.SCHOOLS_DIR)} ${code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is a file, not a folder' : `could not be read (${code ?? 'unknown error'})`}: set it to the folder of your school files, or unset it and use SCHOOL_CONFIG for one school.`);
  }
  const files = names.filter((n) => /\.ya?ml$/i.test(n)).sort();
  if (files.length === 0) throw new SchoolConfigError(`SCHOOLS_DIR ${path.resolve(config.SCHOOLS_DIR)} holds no school file (*.yaml): add one per school, e.g. oakfield.yaml.`);
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const n of files) {
    const id = n.replace(/\.ya?ml$/i, '');
    if (!SCHOOL_ID.test(id)) problems.push(`${path.join(config.SCHOOLS_DIR, n)}: the file name is the school's id, so it must be lower-case letters, digits and hyphens (at most 40), e.g. oakfield.yaml`);
    else if (seen.has(id)) problems.push(`${path.join(config.SCHOOLS_DIR, n)}: another file (${seen.get(id)}) already gives the school id "${id}"`);
    seen.set(id, n);
  }
  if (problems.length) throw new SchoolConfigError(problems.join('\n'));
  return files.map((n) => ({ id: n.replace(/\.ya?ml$/i, ''), file: path.join(config.SCHOOLS_DIR!, n) }));
}

/** A single school's id from its file name (only a label when there is one school: its records stay where DATABASE_URL says). */
function idOf(file: string): string {
  const id = path.basename(file).replace(/\.ya?ml$/i, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+/, '');
  return id.slice(0, 40) || 'school';
}

/** Where one school's records live: DATABASE_URL itself for a single school, else its own schema or file. */
export function schoolDatabaseUrl(url: string, id: string, many: boolean): string {
  if (!many) return url;
  const target = parseDatabaseUrl(url);
  if (target.engine === 'sqlite') {
    if (target.filename === ':memory:') return url;
    const ext = path.extname(target.filename);
    return `sqlite:${target.filename.slice(0, target.filename.length - ext.length)}.${id}${ext || '.sqlite'}`;
  }
  const u = new URL(url);
  const base = u.searchParams.get('schema');
  u.searchParams.set('schema', `${base ? `${base}_` : 'school_'}${id.replace(/-/g, '_')}`);
  return u.toString();
}

/** Reads and checks every school file, each alone and then against the others; all problems are reported at once. */
export function loadSchools(config: Config, opts: { slackOn?: boolean } = {}): SchoolEntry[] {
  const files = schoolFiles(config);
  const many = Boolean(config.SCHOOLS_DIR);
  const messages: string[] = [];
  const problems: SchoolProblem[] = [];
  const entries: SchoolEntry[] = [];
  for (const f of files) {
    try {
      if (many && config.NODE_ENV === 'production' && isDemoSchool(f.file)) throw new SchoolConfigError(`${f.file}: the demo school cannot be served when NODE_ENV is production; remove it from SCHOOLS_DIR`);
      entries.push({ id: f.id, file: f.file, school: loadSchool(f.file), databaseUrl: schoolDatabaseUrl(config.DATABASE_URL, f.id, many) });
    } catch (e) {
      if (!(e instanceof SchoolConfigError)) throw e;
      messages.push(e.message);
      problems.push(...e.problems);
    }
  }
  if (messages.length === 0) messages.push(...crossSchoolProblems(entries, config, { slack: opts.slackOn ?? false, teams: teamsMode(config) !== 'off' }));
  if (messages.length) throw new SchoolConfigError(messages.join('\n'), problems);
  return entries;
}

/**
 * What makes two school files unable to share a deployment: the same Slack workspace, DSL channel or
 * Teams team named by two schools (a concern could reach the other school's DSL team), a school that
 * does not say which Teams tenant or Slack workspace is its own, or several schools on Slack behind one
 * bot token (a token is one workspace: each school installs with OAuth).
 */
export function crossSchoolProblems(
  entries: Pick<SchoolEntry, 'id' | 'file' | 'school'>[],
  config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_CLIENT_ID' | 'MicrosoftAppType' | 'MicrosoftAppTenantId'>,
  on: { slack: boolean; teams: boolean },
): string[] {
  const slackOn = on.slack;
  if (entries.length < 2) return [];
  const out: string[] = [];
  const claim = (what: string, owners: Map<string, string>, key: string, e: Pick<SchoolEntry, 'id' | 'file'>) => {
    const other = owners.get(key);
    if (other && other !== e.id) out.push(`${e.file}: ${what} ${key} is also named by the school "${other}": it can belong to one school only`);
    owners.set(key, e.id);
  };
  const workspaces = new Map<string, string>();
  const channels = new Map<string, string>();
  const teams = new Map<string, string>();
  const onSlack = entries.filter((e) => e.school.file.safeguarding_team.slack);
  for (const e of entries) {
    const st = e.school.file.safeguarding_team;
    for (const t of st.slack?.team_id ?? []) claim('the Slack workspace', workspaces, t.toUpperCase(), e);
    if (st.slack) claim('the Slack channel', channels, `slack:${st.slack.channel_id}`, e);
    if (st.teams) claim('the DSL channel', channels, `teams:${st.teams.channel_id}`, e);
    for (const t of st.teams?.team_ids ?? []) claim('the Teams team', teams, t, e);
    // A school naming no tenant would be a candidate for every tenant's activity (src/platforms/teams/tenants.ts).
    if (on.teams && st.teams && !(st.teams.tenant_id ?? []).length && !(config.MicrosoftAppType === 'SingleTenant' && config.MicrosoftAppTenantId))
      out.push(`${e.file}: safeguarding_team.teams.tenant_id is required when several schools share this deployment: it is how a Teams activity finds its school`);
    if (slackOn && st.slack && !(st.slack.team_id ?? []).length)
      out.push(`${e.file}: safeguarding_team.slack.team_id is required when several schools share this deployment: it is how a Slack request finds its school`);
  }
  if (slackOn && config.SLACK_BOT_TOKEN && !config.SLACK_CLIENT_ID && onSlack.length > 1)
    out.push(`SLACK_BOT_TOKEN is one workspace's token, but ${onSlack.length} schools use Slack (${onSlack.map((e) => e.id).join(', ')}): set up Slack OAuth (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET) so each school's workspace installs the app`);
  return out;
}

/** The school a one-school command is for; a clear error when it is not named or not known. */
export function pickSchool(entries: SchoolEntry[], id: string | undefined): SchoolEntry {
  if (id === undefined && entries.length === 1) return entries[0];
  const ids = entries.map((e) => e.id).join(', ');
  if (id === undefined) throw new SchoolConfigError(`SCHOOLS_DIR serves ${entries.length} schools (${ids}): say which with --school <id>.`);
  const found = entries.find((e) => e.id === id);
  if (!found) throw new SchoolConfigError(`No school "${id}" here: the schools are ${ids}.`);
  return found;
}

/** One school of the configuration, for a command that works on one: `--school <id>` when SCHOOLS_DIR holds several. */
export function oneSchool(config: Config, id: string | undefined): SchoolEntry {
  return pickSchool(loadSchools(config), id);
}
