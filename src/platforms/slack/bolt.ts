/**
 * The Bolt app: an ExpressReceiver whose router the host mounts at POST /slack/events (commands,
 * interactivity and events on one path; Bolt checks every signature and timestamp and answers 401),
 * or Bolt's SocketModeReceiver when SLACK_APP_TOKEN is set. One workspace from SLACK_BOT_TOKEN, or
 * several through OAuth with the installs in our database.
 */
import type { Router } from 'express';
import { App, ExpressReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import type { Config } from '../../config';
import type { CoreDeps } from '../../core/deps';
import type { Logger } from '../../log';
import { SlackInteractions, MODAL_CALLBACK } from './interactions';
import { SlackEvents } from './events';
import { databaseInstallationStore } from './installations';
import { BOT_SCOPES } from './scopes';

export type SlackMode = 'off' | 'http' | 'socket';

/** Which receiver the configuration selects: Socket Mode with an app token, HTTP with a signing secret. */
export function slackMode(config: Config): SlackMode {
  const credentials = Boolean(config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID);
  if (!credentials) return 'off';
  if (config.SLACK_APP_TOKEN) return 'socket';
  return config.SLACK_SIGNING_SECRET ? 'http' : 'off';
}

export interface SlackHandle {
  mode: Exclude<SlackMode, 'off'>;
  /** HTTP mode: the router to mount on the host (POST /slack/events, and the OAuth paths when set up). */
  router: Router | null;
  receiver: Receiver;
  /** Connects Socket Mode (HTTP mode needs nothing). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once every listener started so far has finished (tests; graceful stop). */
  idle(): Promise<void>;
}

/** Bolt's logs go to ours at warn and above; Bolt's debug logs would print request bodies. */
function boltLogger(log: Logger): BoltLogger {
  const only = (fn: (m: string) => void) => (...msg: unknown[]) => fn(msg.map((m) => (m instanceof Error ? m.name : typeof m === 'string' ? m.slice(0, 200) : '')).join(' '));
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: only((m) => log.warn({ code: 'SLACK_BOLT' }, m)),
    error: only((m) => log.error({ code: 'SLACK_BOLT' }, m)),
    setLevel: () => undefined,
    getLevel: () => LogLevel.WARN,
    setName: () => undefined,
  };
}

/** Builds the Bolt app for `config` (null when Slack is not configured). */
export function createSlack(config: Config, deps: CoreDeps, log: Logger): SlackHandle | null {
  const mode = slackMode(config);
  if (mode === 'off') return null;
  const logger = boltLogger(log);
  const clientOptions = { slackApiUrl: config.SLACK_API_URL, retryConfig: { retries: 0 }, timeout: config.OUTBOUND_TIMEOUT_MS };
  const oauth = config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET && config.SLACK_STATE_SECRET
    ? { clientId: config.SLACK_CLIENT_ID, clientSecret: config.SLACK_CLIENT_SECRET, stateSecret: config.SLACK_STATE_SECRET, installationStore: databaseInstallationStore(deps), scopes: [...BOT_SCOPES] }
    : null;
  let receiver: Receiver;
  let router: Router | null = null;
  if (mode === 'socket') {
    receiver = new SocketModeReceiver({ appToken: config.SLACK_APP_TOKEN!, logger, ...(oauth ?? {}), installerOptions: { clientOptions } });
  } else {
    const express = new ExpressReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET!,
      endpoints: '/slack/events',
      logger,
      ...(oauth ?? {}),
      installerOptions: { clientOptions, directInstall: true },
    });
    router = express.router;
    receiver = express;
  }
  const token = config.SLACK_BOT_TOKEN;
  const app = new App({
    receiver,
    logger,
    clientOptions,
    // One workspace: our own authorize, so no auth.test call at start-up (a Slack outage must not stop the bot).
    ...(token ? { authorize: async () => ({ botToken: token }) } : {}),
    ignoreSelf: false,
  });
  const pending = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    void p.finally(() => pending.delete(p)).catch(() => undefined);
    return p;
  };
  const interactions = new SlackInteractions(deps, log);
  const events = new SlackEvents(deps, log);
  type Body = Record<string, unknown>;

  app.command('/report', async ({ ack, client, body }) => {
    await ack();
    await track(interactions.onReportCommand(client, body as unknown as Body));
  });
  // Duties (issue #4): /safeguard status | aua | unblock.
  app.command('/safeguard', async ({ ack, client, body }) => {
    await ack();
    await track(interactions.onSafeguardCommand(client, body as unknown as Body));
  });
  app.action(/.*/, async ({ ack, client, body }) => {
    await ack();
    await track(interactions.onBlockAction(client, body as unknown as Body));
  });
  app.view(MODAL_CALLBACK, async ({ ack, client, body }) => {
    const answer = await track(interactions.onViewSubmission(client, body as unknown as Body));
    await ack(answer as never);
  });
  // Closing the modal changes nothing: the draft stays in the database until it expires (issue #3).
  app.view({ callback_id: MODAL_CALLBACK, type: 'view_closed' }, async ({ ack }) => {
    await ack();
  });
  app.event('app_home_opened', async ({ client, body }) => {
    await track(events.onHomeOpened(client, body as unknown as Body));
  });
  app.event('message', async ({ client, body }) => {
    await track(events.onMessage(client, body as unknown as Body));
  });
  app.error(async (err) => {
    // Codes only: a Slack error may quote a request.
    log.error({ code: (err as { code?: string }).code ?? err.name }, 'slack listener failed');
  });

  return {
    mode,
    router,
    receiver,
    async start() {
      if (mode === 'socket') await app.start();
    },
    async stop() {
      await Promise.allSettled([...pending]);
      if (mode === 'socket') await app.stop();
    },
    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}
