/**
 * Builds the running product from a Config: school file, store, Teams adapter and bot, outbox
 * worker and sweeps, and the HTTP routes. server.ts starts it; end-to-end tests start it on port 0.
 */
import http from 'node:http';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { graphSettings, teamsMode, type Config } from './config';
import type { CoreDeps } from './core/deps';
import { systemClock, type Clock } from './core/ports';
import { loadSchool } from './core/people/load-school';
import { OutboxWorker } from './core/notify/worker';
import { purgeAbandonedDrafts, sweepUrgentPages } from './core/escalations/paging';
import { sweepDuties } from './core/duties/sweep';
import { sweepAbandonedUrgentDrafts } from './core/incidents/abandoned';
import { demoMayInitialise, openStore } from './store';
import { createTeamsAdapter, createTeamsTurnAdapter } from './platforms/teams/adapter';
import { TeamsBot } from './platforms/teams/bot';
import { guardReplies, openChatLater, withReplyDeadline } from './platforms/teams/turn-deadline';
import { TeamsOutboxSender } from './platforms/teams/sender';
import { GraphClient, graphCredential } from './platforms/teams/graph';
import { teamsRoute } from './platforms/teams/http';
import { schoolTenants } from './platforms/teams/tenants';
import { createSlack, type SlackHandle } from './platforms/slack/bolt';
import { SlackOutboxSender } from './platforms/slack/sender';
import { syncSlackRosterWith } from './platforms/slack/roster';
import { OutboxRouter } from './platforms/outbox-router';
import { createLogger, rateLimitedLog, routeLibraryConsole, type Logger } from './log';
import { SchoolConfigError } from './core/people/load-school';
import { armFault } from './core/faults';

export interface App {
  url: string;
  port: number;
  deps: CoreDeps;
  /** The Slack app when Slack is configured (issue #3), else null. */
  slack: SlackHandle | null;
  /** One round of background work: deliver due messages, re-page, purge drafts. */
  tick(): Promise<void>;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  log?: Logger;
  /** Run the background loop (default true); tests drive tick() themselves. */
  background?: boolean;
  /** For tests: deterministic retry jitter. */
  random?: () => number;
  /**
   * May a new empty database be created (as `safeguard db init` does)? Default: only for the demo
   * school on its default SQLite file, so the quick start works; otherwise a missing database stops the start.
   */
  initDatabase?: boolean;
}

/** Starts the bot: returns once it listens. */
export async function startApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  armFault(config.SAFEGUARD_FAULT_POINT, config.NODE_ENV);
  if (config.SAFEGUARD_FAULT_POINT) log.warn({ code: 'FAULT_POINT_ARMED', point: config.SAFEGUARD_FAULT_POINT }, 'crash test: this process will kill itself at a fault point');
  const school = loadSchool(config.SCHOOL_CONFIG);
  const appId = config.MicrosoftAppId ?? '';
  const limited = rateLimitedLog(log);
  const unrouteConsole = routeLibraryConsole(limited);
  const teams = teamsMode(config);
  // Identity is more than an email (issue #8): an authenticated bot serves only the tenants the school names.
  if (teams === 'authenticated' && schoolTenants(school, config).length === 0)
    throw new SchoolConfigError(
      `${config.SCHOOL_CONFIG}: safeguarding_team.teams.tenant_id is required when MicrosoftAppId is set (the school's Microsoft 365 tenant id, or a list of them): without it, anyone in any tenant could show a school email.`,
    );
  // Graph installs the app in one tenant: it must be the school's, or it would reach strangers (issue #8).
  const graph = teams === 'off' ? null : graphSettings(config);
  if (graph && schoolTenants(school, config).length > 0 && !schoolTenants(school, config).includes(graph.tenantId.toLowerCase()))
    throw new SchoolConfigError(`${config.SCHOOL_CONFIG}: GRAPH_TENANT_ID (or MicrosoftAppTenantId) must be one of the tenants in safeguarding_team.teams.tenant_id.`);
  // After the configuration checks, so a refused start never touches (or creates) the database.
  const store = await openStore(config.DATABASE_URL, { create: opts.initDatabase ?? demoMayInitialise(config) });
  const deps: CoreDeps = { store, school, clock: opts.clock ?? systemClock };
  if (teams === 'off') log.warn({ code: 'TEAMS_OFF' }, 'Teams is off: no MicrosoftAppId (set TEAMS_ALLOW_UNAUTHENTICATED=1 for a local trial)');
  if (teams === 'loopback-trial')
    log.warn({ code: 'AUTH_DISABLED' }, '*** Teams without authentication, for a local trial: only requests from this computer with a loopback serviceUrl are served. ***');

  const turnAdapter = createTeamsTurnAdapter(config, log);
  const sendAdapter = createTeamsAdapter(config, log, { sdkRetries: false, quiet: true });
  // A hung connector cannot hold a turn past TEAMS_REPLY_DEADLINE_MS: late replies go through the outbox (issue #8).
  const replyDeadline = { deadlineMs: config.TEAMS_REPLY_DEADLINE_MS, settleMs: 2 * config.OUTBOUND_TIMEOUT_MS, log };
  const bot = new TeamsBot(deps, turnAdapter, appId, log, (context) => guardReplies(deps, replyDeadline, context), (context, email, open) => openChatLater(deps, replyDeadline, context, email, open));
  // Teams reach through Graph (issue #8): people who never opened the app get it installed for them.
  const teamsSender = new TeamsOutboxSender(deps, sendAdapter, appId, graph ? { graph: new GraphClient(graph, graphCredential(graph), config.OUTBOUND_TIMEOUT_MS), settings: graph } : undefined);
  if (graph) log.info({ code: 'TEAMS_GRAPH_REACH' }, 'Teams: people who have not opened the app get it installed through Graph');
  // Slack (issue #3): on when configured; the outbox then routes each message to the right platform(s).
  const slack = createSlack(config, deps, log);
  const sender = slack
    ? new OutboxRouter(deps, {
        teams: { deliver: (m) => teamsSender.deliver(m), hasChannel: () => teams !== 'off' && Boolean(school.file.safeguarding_team.teams), canFind: (i) => teamsSender.canFind(i) },
        slack: new SlackOutboxSender(deps, { botToken: config.SLACK_BOT_TOKEN, slackApiUrl: config.SLACK_API_URL, timeoutMs: config.OUTBOUND_TIMEOUT_MS }),
      })
    : teamsSender;
  const owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const worker = new OutboxWorker(deps, sender, {
    owner,
    leaseMs: config.OUTBOX_LEASE_MS,
    concurrency: config.OUTBOX_CONCURRENCY,
    random: opts.random,
    log: (fields, msg) => log.info(fields, msg),
    alert: (fields, msg) => log.error({ ...fields, alert: true }, msg),
  });

  const web = express();
  web.disable('x-powered-by');
  // Healthy only when the database can be written (read-only, locked or gone: 503), not merely read.
  web.get('/healthz', async (_req, res) => {
    const check = await store.checkWritable();
    if (!check.ok) log.warn({ code: check.code }, 'health check: database cannot be written');
    res.status(check.ok ? 200 : 503).json({ status: check.ok ? 'ok' : 'unavailable', database: check.ok ? 'up' : 'down', ...(check.ok ? {} : { code: check.code }), school: school.name });
  });
  web.post('/api/messages', teamsRoute({ config, school, adapter: turnAdapter, log: limited, logic: withReplyDeadline(deps, replyDeadline, (context) => bot.onTurn(context)) }));
  // Bolt's own router: signature checks, POST /slack/events (and the OAuth paths when set up).
  if (slack?.router) {
    // Bolt refuses a stale timestamp but not one from the future; Slack's rule is "within five minutes either way".
    web.post('/slack/events', (req: Request, res: Response, next: NextFunction) => {
      const ts = Number(req.headers['x-slack-request-timestamp']);
      if (Number.isFinite(ts) && ts - Date.now() / 1000 > 300) {
        limited('warn', 'SLACK_SIGNATURE_INVALID', 'Slack request with a timestamp from the future refused');
        return void res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'The request timestamp is not within five minutes of now.' } });
      }
      next();
    });
    web.use(slack.router);
  }
  // Any other path or method: a coded answer, not Express's HTML page.
  web.use((_req: Request, res: Response) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'Nothing here: the bot answers POST /api/messages, POST /slack/events and GET /healthz.' } });
  });
  // Bad JSON or an unexpected failure: a clear machine answer, never the request body in the log.
  web.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) limited('error', 'HTTP_FAILED', 'request failed', { error: String(err.name) });
    const answer =
      status === 500 ? { code: 'INTERNAL', message: 'Internal error' }
      : status === 413 ? { code: 'TOO_LARGE', message: 'The request body is too large.' }
      : { code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' };
    if (!res.headersSent) res.status(status).json({ error: answer });
  });

  let running = false;
  let lastDutySweep: number | null = null;
  const tick = async () => {
    if (running) return; // one round at a time in this process; the database keeps rows safe across processes
    running = true;
    try {
      while ((await worker.runOnce()) > 0) {
        /* deliver everything due now */
      }
      if ((await sweepUrgentPages(deps)) > 0) while ((await worker.runOnce()) > 0);
      // Issue #7: urgent drafts left unsent are flagged before any purge (which never deletes an unflagged one).
      if ((await sweepAbandonedUrgentDrafts(deps)) > 0) while ((await worker.runOnce()) > 0);
      await purgeAbandonedDrafts(deps);
      // Duties (issue #4): reminders as data, swept at most once a minute (idempotent and lease-safe across instances).
      const now = deps.clock.now().getTime();
      if (school.dutiesOn && (lastDutySweep === null || Math.abs(now - lastDutySweep) >= 60_000)) {
        lastDutySweep = now;
        // Slack staff channel → staff records first (a 429 stops it; the next sweep tries again).
        if (slack) await syncSlackRosterWith(deps, { botToken: config.SLACK_BOT_TOKEN, slackApiUrl: config.SLACK_API_URL }, log);
        await sweepDuties(deps, { owner });
        while ((await worker.runOnce()) > 0);
      }
    } catch (err) {
      log.error({ code: (err as Error).name }, 'background round failed');
    } finally {
      running = false;
    }
  };

  const server = http.createServer(web);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  await slack?.start();
  const port = (server.address() as { port: number }).port;
  const timer = opts.background === false ? null : setInterval(() => void tick(), config.WORKER_INTERVAL_MS);
  log.info({ code: 'LISTENING', port, school: school.name, database: config.DATABASE_URL.split(':')[0] }, `Safeguard listening on http://${config.HOST}:${port} for ${school.name}`);

  return {
    url: `http://${urlHost(config.HOST)}:${port}`,
    port,
    deps,
    slack,
    tick,
    async close() {
      if (timer) clearInterval(timer);
      await slack?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      unrouteConsole();
    },
  };
}

/** The host part of the app's own URL: loopback when it listens on every interface. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
