/**
 * The running product from a Config: the shared wiring (store, senders, outbox worker), the Slack
 * app, the HTTP routes and the background loop. server.ts starts it; end-to-end tests start it on port 0.
 */
import http from 'node:http';
import type { Config } from './config';
import type { CoreDeps } from './core/deps';
import type { Clock } from './core/ports';
import { armFault } from './core/faults';
import { createSlack, type SlackHandle } from './platforms/slack/bolt';
import { createLogger, rateLimitedLog, routeLibraryConsole, type Logger } from './log';
import { wireAll } from './host/wiring';
import { buildRoutes } from './host/routes';
import { BackgroundLoop } from './host/background';

export interface App {
  url: string;
  port: number;
  /** The first (in a single-school deployment, the only) school's core. */
  deps: CoreDeps;
  /** Every school this deployment serves, by its id (the school file's name in SCHOOLS_DIR). */
  schools: { id: string; name: string; deps: CoreDeps }[];
  /** The Slack app when Slack is configured, else null. */
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
  const limited = rateLimitedLog(log);
  const unrouteConsole = routeLibraryConsole(limited);
  const d = await wireAll(config, { clock: opts.clock, log, random: opts.random, initDatabase: opts.initDatabase });
  const first = d.schools[0];
  if (first.teams === 'off') log.warn({ code: 'TEAMS_OFF' }, 'Teams is off: no MicrosoftAppId (set TEAMS_ALLOW_UNAUTHENTICATED=1 for a local trial)');
  if (first.teams === 'loopback-trial')
    log.warn({ code: 'AUTH_DISABLED' }, '*** Teams without authentication, for a local trial: only requests from this computer with a loopback serviceUrl are served. ***');
  if (d.schools.some((w) => w.graph)) log.info({ code: 'TEAMS_GRAPH_REACH' }, 'Teams: people who have not opened the app get it installed through Graph');
  const slack = createSlack(config, d.schools.map(({ id, deps }) => ({ id, deps })), log);
  // One loop per school: each school's rounds read and write only its own store.
  const loops = d.schools.map((w) => new BackgroundLoop(w, config.WORKER_INTERVAL_MS));

  const server = http.createServer(buildRoutes(d, slack, limited));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  await slack?.start();
  const port = (server.address() as { port: number }).port;
  if (opts.background !== false) for (const loop of loops) loop.start();
  const names = d.schools.map((w) => w.school.name);
  const serving = names.length === 1 ? names[0] : `${names.length} schools`;
  log.info({ code: 'LISTENING', port, school: names.length === 1 ? names[0] : undefined, schools: names.length, database: config.DATABASE_URL.split(':')[0] }, `Safeguard listening on http://${config.HOST}:${port} for ${serving}`);

  return {
    url: `http://${urlHost(config.HOST)}:${port}`,
    port,
    deps: first.deps,
    schools: d.schools.map((w) => ({ id: w.id, name: w.school.name, deps: w.deps })),
    slack,
    // A round, and a pupil sync it started (which runs beside the rounds in the server): tests see its effects after tick().
    tick: async () => void (await Promise.all(loops.map(async (loop) => {
      await loop.tick();
      await loop.pupilSyncDone();
    }))),
    async close() {
      await Promise.all(loops.map((loop) => loop.stop()));
      await slack?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await d.close();
      unrouteConsole();
    },
  };
}

/** The host part of the app's own URL: loopback when it listens on every interface. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
