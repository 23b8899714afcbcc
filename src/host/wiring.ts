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
import { loadSchool, SchoolConfigError } from '../core/people/load-school';
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
}

/** What wire() builds: everything a process needs to run core flows and deliver the outbox. */
export interface Wiring {
  config: Config;
  log: Logger;
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

/** Checks the configuration against the school file, opens the store and builds the senders and the worker. */
export async function wire(config: Config, opts: WireOptions = {}): Promise<Wiring> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const school = loadSchool(config.SCHOOL_CONFIG);
  const teams = teamsMode(config);
  // An authenticated bot serves only the tenants the school names, or a stranger could show a school email.
  const tenants = schoolTenants(school, config);
  if (teams === 'authenticated' && tenants.length === 0)
    throw new SchoolConfigError(
      `${config.SCHOOL_CONFIG}: safeguarding_team.teams.tenant_id is required when MicrosoftAppId is set (the school's Microsoft 365 tenant id, or a list of them): without it, anyone in any tenant could show a school email.`,
    );
  // Graph installs the app in one tenant: it must be the school's, or it would reach strangers.
  const graph = teams === 'off' ? null : graphSettings(config);
  if (graph && tenants.length > 0 && !tenants.includes(graph.tenantId.toLowerCase()))
    throw new SchoolConfigError(`${config.SCHOOL_CONFIG}: GRAPH_TENANT_ID (or MicrosoftAppTenantId) must be one of the tenants in safeguarding_team.teams.tenant_id.`);
  // After the configuration checks, so a refused start never touches (or creates) the database.
  const store = await openStore(config.DATABASE_URL, { create: opts.initDatabase ?? demoMayInitialise(config) });
  const deps: CoreDeps = { store, school, clock: opts.clock ?? systemClock };

  const sendAdapter = createTeamsAdapter(config, log, { sdkRetries: false, quiet: true });
  const appId = config.MicrosoftAppId ?? '';
  // One throttle for both senders: spacing in real time (a test's fake clock must not stop it), 429 pauses on the outbox's clock, as Retry-After is.
  const pace = config.SEND_PACING === 'on' ? { throttle: realTimeThrottle(() => deps.clock.now().getTime()), rates: { instances: config.OUTBOX_INSTANCES, slackPostsPerMinute: config.SLACK_POSTS_PER_MINUTE } } : undefined;
  // With Graph, people who never opened the app get it installed for them, then the message.
  const teamsSender = new TeamsOutboxSender(deps, sendAdapter, appId, graph ? { graph: new GraphClient(graph, graphCredential(graph), config.OUTBOUND_TIMEOUT_MS), settings: graph } : undefined, pace);
  const slackOn = slackMode(config) !== 'off';
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
    log: (fields, msg) => log.info(fields, msg),
    // A rendering bug is ours: logged at error level for whoever watches the logs, and retried.
    alert: (fields, msg) => log.error({ ...fields, alert: true }, msg),
  });
  return { config, log, school, store, deps, teams, graph, slackOn, sender, worker, owner, close: () => store.close() };
}

/** Delivers every outbox row due now; returns how many were handled. */
export async function drainOutbox(worker: OutboxWorker): Promise<number> {
  let handled = 0;
  for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce()) handled += n;
  return handled;
}
