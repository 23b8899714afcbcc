/**
 * Builds the parts every process of the product shares from a Config: the school file, the store,
 * the core's deps, the platform senders and the outbox worker. The server (src/app.ts) and the CLI
 * (`safeguard reminders run`) both call wire(), so a message leaves the same way whoever queued it.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { graphSettings, teamsMode, type Config, type GraphSettings } from '../config';
import type { CoreDeps } from '../core/deps';
import { systemClock, type Clock } from '../core/ports';
import { SchoolConfigError } from '../core/people/load-school';
import type { School } from '../core/people/school';
import { OutboxWorker, type Sender } from '../core/notify/worker';
import { demoMayInitialise, openStore, type TypeOrmStore } from '../store';
import { createTeamsAdapter } from '../platforms/teams/adapter';
import { TeamsOutboxSender } from '../platforms/teams/sender';
import { GraphClient, graphCredential } from '../platforms/teams/graph';
import { schoolTenants } from '../platforms/teams/tenants';
import { slackMode } from '../platforms/slack/bolt';
import { SlackOutboxSender } from '../platforms/slack/sender';
import { OutboxRouter } from '../platforms/outbox-router';
import { realTimeThrottle } from '../core/notify/rate';
import { createLogger, type Logger } from '../log';
import { loadSchools, pickSchool, type SchoolEntry } from './schools';

export interface WireOptions {
  clock?: Clock;
  log?: Logger;
  /** For tests: deterministic retry jitter. */
  random?: () => number;
  /**
   * May a new empty database be created (as `safeguard db init` does)? Default: only for the demo
   * school on its default SQLite file, so the quick start works; otherwise a missing database stops the start.
   */
  initDatabase?: boolean;
  /** Names this process in outbox and sweep leases (default `host:pid:random`); the CLI prefixes `cli:`. */
  owner?: string;
  /** With SCHOOLS_DIR, which school a one-school process (a CLI command) is for; required when there are several. */
  school?: string;
}

/** What wire() builds: everything a process needs to run core flows and deliver the outbox. */
export interface Wiring {
  config: Config;
  log: Logger;
  /** The school's id (its file name; see ./schools.ts). */
  id: string;
  school: School;
  store: TypeOrmStore;
  deps: CoreDeps;
  /** How Teams traffic is authenticated; 'off' when no MicrosoftAppId and no local trial. */
  teams: ReturnType<typeof teamsMode>;
  /** Graph settings when Teams may install the app for people who never opened it, else null. */
  graph: GraphSettings | null;
  /** Whether Slack credentials are configured: the outbox then routes each message to the right platform(s). */
  slackOn: boolean;
  /** The sender the outbox worker delivers through: Teams alone, or the router over Teams and Slack. */
  sender: Sender;
  worker: OutboxWorker;
  /** This process's lease owner name, shared by the worker and the duty sweep. */
  owner: string;
  /** Closes the store. */
  close(): Promise<void>;
}

/** The lease owner of this process's worker: host, pid and a random part, so two processes never share a lease. */
export function processOwner(prefix = ''): string {
  return `${prefix}${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** What wireAll() builds: one Wiring per school, sharing the process's configuration and log. */
export interface Deployment {
  config: Config;
  log: Logger;
  /** Every school served, in school-id order; one entry when SCHOOLS_DIR is not set. */
  schools: Wiring[];
  /** Closes every school's store. */
  close(): Promise<void>;
}

/** The Slack side is on when any Slack credential is set (each school's requests then find it by workspace). */
function slackOnFor(config: Config): boolean {
  return slackMode(config) !== 'off';
}

/** Checks the configuration against every school file, then opens each school's store and builds its senders and worker. */
export async function wireAll(config: Config, opts: WireOptions = {}): Promise<Deployment> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  // Every file is checked, alone and against the others, before any database is touched.
  const entries = loadSchools(config, { slackOn: slackOnFor(config) });
  const many = Boolean(config.SCHOOLS_DIR);
  const plans = entries.map((e) => planSchool(config, e, many));
  const owner = opts.owner ?? processOwner();
  // One send throttle for every school: schools that share a Microsoft 365 tenant or a Slack channel share its limits.
  const throttle = sharedThrottle(opts.clock ?? systemClock);
  const schools: Wiring[] = [];
  try {
    for (const p of plans) schools.push(await openSchool(config, p, { ...opts, log, owner, throttle }));
  } catch (err) {
    await Promise.allSettled(schools.map((s) => s.close()));
    throw err;
  }
  return { config, log, schools, close: async () => void (await Promise.all(schools.map((s) => s.close()))) };
}

/** One school's wiring, for a process that serves one (a CLI command): `opts.school` picks it when SCHOOLS_DIR holds several. */
export async function wire(config: Config, opts: WireOptions = {}): Promise<Wiring> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const entries = loadSchools(config, { slackOn: slackOnFor(config) });
  const entry = pickSchool(entries, opts.school);
  return openSchool(config, planSchool(config, entry, Boolean(config.SCHOOLS_DIR)), { ...opts, log, throttle: sharedThrottle(opts.clock ?? systemClock) });
}

/** Spacing in real time (a test's fake clock must not stop it), 429 pauses on the outbox's clock, as Retry-After is. */
function sharedThrottle(clock: Clock): ReturnType<typeof realTimeThrottle> {
  return realTimeThrottle(() => clock.now().getTime());
}

interface SchoolPlan {
  entry: SchoolEntry;
  teams: ReturnType<typeof teamsMode>;
  graph: GraphSettings | null;
}

/** The checks that need no database: Teams tenants and Graph, for one school. */
function planSchool(config: Config, entry: SchoolEntry, many: boolean): SchoolPlan {
  const { school, file } = entry;
  const teams = teamsMode(config);
  // An authenticated bot serves only the tenants the school names, or a stranger could show a school email.
  const tenants = schoolTenants(school, config);
  if (teams === 'authenticated' && tenants.length === 0)
    throw new SchoolConfigError(
      `${file}: safeguarding_team.teams.tenant_id is required when MicrosoftAppId is set (the school's Microsoft 365 tenant id, or a list of them): without it, anyone in any tenant could show a school email.`,
    );
  // Graph installs the app in one tenant: it must be the school's, or it would reach strangers.
  let graph = teams === 'off' ? null : graphSettings(config);
  if (graph && tenants.length > 0 && !tenants.includes(graph.tenantId.toLowerCase())) {
    // In a trust, Graph serves the schools of its own tenant; the others reach only people who opened the app.
    if (many) graph = null;
    else throw new SchoolConfigError(`${file}: GRAPH_TENANT_ID (or MicrosoftAppTenantId) must be one of the tenants in safeguarding_team.teams.tenant_id.`);
  }
  return { entry, teams, graph };
}

/** Opens one school's store and builds its senders and worker. */
async function openSchool(config: Config, plan: SchoolPlan, opts: WireOptions & { log: Logger; throttle: ReturnType<typeof realTimeThrottle> }): Promise<Wiring> {
  const { log } = opts;
  const { entry, teams, graph } = plan;
  const { school } = entry;
  // After the configuration checks, so a refused start never touches (or creates) the database.
  const store = await openStore(entry.databaseUrl, { create: opts.initDatabase ?? demoMayInitialise(config) });
  const deps: CoreDeps = { store, school, clock: opts.clock ?? systemClock };

  const sendAdapter = createTeamsAdapter(config, log, { sdkRetries: false, quiet: true });
  const appId = config.MicrosoftAppId ?? '';
  // One throttle for both senders (and for every school of the deployment).
  const pace = config.SEND_PACING === 'on' ? { throttle: opts.throttle, rates: { instances: config.OUTBOX_INSTANCES, slackPostsPerMinute: config.SLACK_POSTS_PER_MINUTE } } : undefined;
  // With Graph, people who never opened the app get it installed for them, then the message.
  const teamsSender = new TeamsOutboxSender(deps, sendAdapter, appId, graph ? { graph: new GraphClient(graph, graphCredential(graph), config.OUTBOUND_TIMEOUT_MS), settings: graph } : undefined, pace);
  const slackOn = slackOnFor(config);
  const sender: Sender = slackOn
    ? new OutboxRouter(deps, {
        teams: { deliver: (m) => teamsSender.deliver(m), hasChannel: () => teams !== 'off' && Boolean(school.file.safeguarding_team.teams), canFind: (i) => teamsSender.canFind(i) },
        slack: new SlackOutboxSender(deps, { botToken: config.SLACK_BOT_TOKEN, slackApiUrl: config.SLACK_API_URL, timeoutMs: config.OUTBOUND_TIMEOUT_MS, pace }),
      })
    : teamsSender;
  const owner = opts.owner ?? processOwner();
  const worker = new OutboxWorker(deps, sender, {
    owner,
    leaseMs: config.OUTBOX_LEASE_MS,
    concurrency: config.OUTBOX_CONCURRENCY,
    // Enough rows per claim to keep every lane busy (a claim costs a round trip), and at least the old 20.
    batch: Math.max(20, config.OUTBOX_CONCURRENCY * 2),
    random: opts.random,
    log: (fields, msg) => log.info({ ...fields, school: entry.id }, msg),
    // A rendering bug is ours: logged at error level for whoever watches the logs, and retried.
    alert: (fields, msg) => log.error({ ...fields, school: entry.id, alert: true }, msg),
  });
  return { config, log, id: entry.id, school, store, deps, teams, graph, slackOn, sender, worker, owner, close: () => store.close() };
}

/** Delivers every outbox row due now; returns how many were handled. */
export async function drainOutbox(worker: OutboxWorker): Promise<number> {
  let handled = 0;
  for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce()) handled += n;
  return handled;
}
