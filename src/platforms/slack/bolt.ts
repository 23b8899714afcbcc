/**
 * The Bolt app: an ExpressReceiver whose router the host mounts at POST /slack/events (commands,
 * interactivity and events on one path; Bolt checks every signature and timestamp and answers 401),
 * or Bolt's SocketModeReceiver when SLACK_APP_TOKEN is set. One workspace from SLACK_BOT_TOKEN, or
 * several through OAuth with the installs in our database.
 */
import type { Router } from 'express';
import { App, ExpressReceiver, LogLevel, SocketModeReceiver, type BlockAction, type Logger as BoltLogger, type Receiver, type ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { Config } from '../../config';
import type { CoreDeps } from '../../core/deps';
import { rateLimitedLog, type Logger } from '../../log';
import { SlackInteractions, MODAL_CALLBACK } from './interactions';
import { SlackEvents } from './events';
import { databaseInstallationStore, schoolsInstallationStore } from './installations';
import { BOT_SCOPES } from './scopes';
import { TokenWorkspace, isNamedWorkspace, namedWorkspaces } from './workspaces';
import { BoundedWork, busyText } from './work';

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

const readableView = z.looseObject({ callback_id: z.string() });
const readableActions = z.array(z.looseObject({ action_id: z.string() }));
const interaction = z.looseObject({ type: z.unknown().optional(), view: z.unknown().optional(), actions: z.unknown().optional() });

/** True for a click or a modal submission that no listener can read (Bolt's own matching reads these fields unchecked). */
function unreadable(body: unknown): boolean {
  const b = interaction.safeParse(body);
  if (!b.success) return false;
  const { type, view, actions } = b.data;
  if (type === 'view_submission') return !readableView.safeParse(view).success;
  return type === 'block_actions' && !readableActions.safeParse(actions).success;
}

function codedError(code: string): Error {
  return Object.assign(new Error(code), { code });
}

/**
 * The page after a failed /slack/install: a plain sentence and a code, never the library's reason
 * text; a workspace the school file does not name gets 403, so a stranger's install never reaches the staff.
 */
function installFailure(log: Logger) {
  return (error: { code?: string; message?: string }, _opts: unknown, _req: unknown, res: { writeHead(s: number, h: Record<string, string>): void; end(b: string): void }) => {
    const foreign = /SLACK_WORKSPACE_NOT_ALLOWED/.test(String(error?.message ?? ''));
    const code = foreign ? 'SLACK_WORKSPACE_NOT_ALLOWED' : 'SLACK_INSTALL_FAILED';
    log.warn({ code }, 'Slack install refused');
    const text = foreign
      ? 'This Slack workspace is not one of this school\'s, so Safeguard was not installed. Ask the school\'s administrator to add its id to safeguarding_team.slack.team_id.'
      : 'Safeguard could not be installed. Please try again from the install link.';
    res.writeHead(foreign ? 403 : 400, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><body><p>${text}</p><p>(code: ${code})</p></body></html>`);
  };
}

/** What a Bolt log line is about, as a code: its text may quote a request, so it is never logged. */
export function boltLogCode(parts: unknown[]): string {
  const text = parts.map((m) => (m instanceof Error ? `${m.name} ${(m as { code?: string }).code ?? ''}` : typeof m === 'string' ? m : '')).join(' ');
  if (/signature|authenticity|timestamp/i.test(text)) return 'SLACK_SIGNATURE_INVALID';
  if (/Authorization of incoming event/i.test(text)) return 'SLACK_AUTHORIZATION_FAILED';
  if (/not acknowledged|ack\(\)/i.test(text)) return 'SLACK_NOT_ACKNOWLEDGED';
  if (/Unhandled HTTP request|No listeners|Could not determine the type/i.test(text)) return 'SLACK_UNHANDLED_REQUEST';
  if (/parse|JSON|body/i.test(text)) return 'SLACK_BAD_REQUEST';
  return 'SLACK_BOLT';
}

/** Bolt's logs go to ours at warn and above, as rate-limited codes only (Bolt's text may quote a request). */
function boltLogger(log: Logger): BoltLogger {
  const limited = rateLimitedLog(log);
  const only = (level: 'warn' | 'error') => (...msg: unknown[]) => limited(level, boltLogCode(msg), 'Slack (Bolt) reported a problem');
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: only('warn'),
    error: only('error'),
    setLevel: () => undefined,
    getLevel: () => LogLevel.WARN,
    setName: () => undefined,
  };
}

/** One school as the Slack app sees it (issue #10: a deployment may serve several). */
export interface SlackSchool {
  id: string;
  deps: CoreDeps;
}

/**
 * The school a Slack request is for: the only school, or, with several, the one whose
 * `safeguarding_team.slack.team_id` names the request's workspace (or org); null for none.
 */
export function slackSchoolFor<S extends SlackSchool>(schools: S[], ids: { teamId?: string | null; enterpriseId?: string | null }): S | null {
  if (schools.length === 1) return schools[0];
  const named = schools.filter((s) => isNamedWorkspace(s.deps, ids));
  return named.length === 1 ? named[0] : null;
}

/** Builds the Bolt app for `config` (null when Slack is not configured): one app for every school, each request handled over its own school's records. */
export function createSlack(config: Config, schools: SlackSchool[], log: Logger): SlackHandle | null {
  const mode = slackMode(config);
  if (mode === 'off') return null;
  if (config.SLACK_CLIENT_ID && schools.every((s) => namedWorkspaces(s.deps).length === 0))
    log.warn({ code: 'SLACK_NO_WORKSPACES' }, 'Slack OAuth is on but the school file names no safeguarding_team.slack.team_id: every install and request is refused');
  const logger = boltLogger(log);
  const limitedLog = rateLimitedLog(log);
  const clientOptions = { slackApiUrl: config.SLACK_API_URL, retryConfig: { retries: 0 }, timeout: config.OUTBOUND_TIMEOUT_MS };
  const oauth = config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET && config.SLACK_STATE_SECRET
    ? { clientId: config.SLACK_CLIENT_ID, clientSecret: config.SLACK_CLIENT_SECRET, stateSecret: config.SLACK_STATE_SECRET, installationStore: schools.length === 1 ? databaseInstallationStore(schools[0].deps) : schoolsInstallationStore(schools.map((x) => x.deps)), scopes: [...BOT_SCOPES] }
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
      installerOptions: { clientOptions, directInstall: true, callbackOptions: { failure: installFailure(log) } },
      // A signed body Bolt cannot read (an event whose `item` is a string…) would answer 500, which Slack retries: a coded 400 instead.
      processEventErrorHandler: async ({ response }) => {
        limitedLog('warn', 'SLACK_BAD_REQUEST', 'a signed Slack request could not be read');
        if (!response.headersSent) {
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: { code: 'SLACK_BAD_REQUEST', message: 'This request could not be read.' } }));
        }
        return true;
      },
    });
    router = express.router;
    receiver = express;
  }
  const token = config.SLACK_BOT_TOKEN;
  // One bot token is one workspace, so one school on Slack (src/host/schools.ts refuses more): that school's check.
  const tokenSchool = schools.length === 1 ? schools[0] : (schools.find((x) => x.deps.school.file.safeguarding_team.slack) ?? null);
  const workspace = token && tokenSchool ? new TokenWorkspace(tokenSchool.deps, token, config.SLACK_API_URL) : null;
  const app = new App({
    receiver,
    logger,
    clientOptions,
    // One workspace: our own authorize, so no auth.test call at start-up (a Slack outage must not stop the bot).
    // A request from a workspace that is not the school's is refused here: Bolt acks it and calls no listener.
    ...(token && workspace
      ? {
          authorize: async (source: { teamId?: string; enterpriseId?: string }) => {
            if (!(await workspace.allows(source))) throw codedError('SLACK_FOREIGN_WORKSPACE');
            return { botToken: token };
          },
        }
      : {}),
    ignoreSelf: false,
  });
  // The work after an ack is bounded (./work.ts); work answered inside the ack is only tracked.
  const work = new BoundedWork(config.SLACK_WORK_CONCURRENCY, config.SLACK_WORK_QUEUE);
  const pending = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    void p.finally(() => pending.delete(p)).catch(() => undefined);
    return p;
  };
  const later = <T>(job: () => Promise<T>): Promise<T> => work.run(job);
  const busy = (command: string) => {
    limitedLog('warn', 'SLACK_BUSY', 'a Slack command was turned away: the work queue is full');
    return { response_type: 'ephemeral' as const, text: busyText(command) };
  };
  const ignored = () => limitedLog('warn', 'SLACK_BAD_REQUEST', 'a Slack interaction without a readable view or action id, acknowledged and ignored');
  // A modal submission without a readable view, or a click whose action_id is not a string, matches no
  // listener (or throws in Bolt's matching) and would wait out Slack's 3 s: acked here, with nothing done.
  app.use(async ({ body, ack, next }) => {
    if (!ack || !unreadable(body)) return next();
    ignored();
    await ack();
  });
  // Each school's handlers see only that school's records; a request finds its school by workspace (authorize has already refused strangers).
  const handlers = schools.map((x) => ({ ...x, interactions: new SlackInteractions(x.deps, log), events: new SlackEvents(x.deps, log) }));
  const only = handlers.length === 1 ? handlers[0] : null;
  app.use(async ({ context, ack, next }) => {
    const found = only ?? slackSchoolFor(handlers, { teamId: context.teamId, enterpriseId: context.enterpriseId });
    if (!found) {
      limitedLog('warn', 'SLACK_SCHOOL_UNKNOWN', 'a Slack request from a workspace no single school names was dropped');
      return ack ? ack() : undefined;
    }
    context.school = found;
    await next();
  });
  const schoolOf = (context: Record<string, unknown>) => context.school as (typeof handlers)[number];

  app.command('/report', async ({ ack, client, body, context }) => {
    if (work.full) return ack(busy('/report'));
    await ack();
    await later(() => schoolOf(context).interactions.onReportCommand(client, body));
  });
  // Duties: /safeguard status | aua | unblock.
  app.command('/safeguard', async ({ ack, client, body, context }) => {
    if (work.full) return ack(busy('/safeguard'));
    await ack();
    await later(() => schoolOf(context).interactions.onSafeguardCommand(client, body));
  });
  app.action<BlockAction>({ type: 'block_actions', action_id: /.*/ }, async ({ ack, client, body, context }) => {
    await ack();
    await later(() => schoolOf(context).interactions.onBlockAction(client, body));
  });
  // The person picker's external_select (block_suggestion): Slack waits 3 s for these options.
  // These two answer in the ack: a failure must still ack (no options / close the modal), or Slack shows a timeout.
  const orNothing = <T>(p: Promise<T>): Promise<T | undefined> =>
    p.catch((err: unknown) => {
      limitedLog('error', String((err as { code?: string }).code ?? (err as Error)?.name ?? 'Error'), 'slack listener failed; acknowledged without an answer');
      return undefined;
    });
  // Every option request, its action_id unchecked: an action_id constraint would make Bolt call .match on a forged number.
  app.options<'block_suggestion'>({ type: 'block_suggestion' }, async ({ ack, client, body, context }) => {
    if (typeof body.action_id !== 'string') {
      ignored();
      return ack({ options: [] });
    }
    const answer = await track(orNothing(schoolOf(context).interactions.onOptions(client, body)));
    await ack(answer ?? { options: [] });
  });
  app.view<ViewSubmitAction>({ callback_id: MODAL_CALLBACK, type: 'view_submission' }, async ({ ack, client, body, context }) => {
    const answer = await track(orNothing(schoolOf(context).interactions.onViewSubmission(client, body)));
    await ack(answer);
  });
  // Anything else Slack (or a holder of the secret) sends is acked at once, so nothing waits out Slack's 3 s.
  app.command(/^(?!\/report$|\/safeguard$)/, async ({ ack }) => {
    await ack({ response_type: 'ephemeral', text: 'This app answers /report and /safeguard.' });
  });
  app.view({ callback_id: /^(?!safeguard\.card$)/, type: 'view_submission' }, async ({ ack }) => {
    await ack();
  });
  app.view({ callback_id: /^(?!safeguard\.card$)/, type: 'view_closed' }, async ({ ack }) => {
    await ack();
  });
  app.shortcut(/.*/, async ({ ack }) => {
    await ack();
  });
  // Closing the modal changes nothing: the draft stays in the database until it expires, so a report half-typed is not lost.
  app.view({ callback_id: MODAL_CALLBACK, type: 'view_closed' }, async ({ ack }) => {
    await ack();
  });
  app.event('app_home_opened', async ({ client, body, context }) => {
    await later(() => schoolOf(context).events.onHomeOpened(client, body));
  });
  app.event('message', async ({ client, body, context }) => {
    await later(() => schoolOf(context).events.onMessage(client, body));
  });
  const limited = rateLimitedLog(log);
  app.error(async (err) => {
    // Codes only: a Slack error may quote a request. Rate-limited: a flood from a stranger's workspace cannot fill the log.
    limited('error', String((err as { code?: string }).code ?? err.name), 'slack listener failed');
  });

  return {
    mode,
    router,
    receiver,
    async start() {
      if (mode === 'socket') await app.start();
    },
    async stop() {
      await Promise.allSettled([...pending, work.idle()]);
      if (mode === 'socket') await app.stop();
    },
    async idle() {
      while (pending.size || work.size) await Promise.allSettled([...pending, work.idle()]);
    },
  };
}
