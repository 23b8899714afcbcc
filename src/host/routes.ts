/**
 * The HTTP routes of the server: GET /healthz, POST /api/messages (Teams turns through the
 * CloudAdapter and the bot), Bolt's /slack/* router when Slack runs over HTTP, and coded answers
 * for anything else or any failure.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { LimitedLog } from '../log';
import { createTeamsTurnAdapter } from '../platforms/teams/adapter';
import { TeamsBot } from '../platforms/teams/bot';
import { guardReplies, openChatLater, withReplyDeadline } from '../platforms/teams/turn-deadline';
import { teamsRoute } from '../platforms/teams/http';
import type { SlackHandle } from '../platforms/slack/bolt';
import { TeamsSchools } from '../platforms/teams/schools';
import type { Deployment } from './wiring';

/** The Express app with every route; `limited` is the rate-limited log that unauthenticated traffic writes to. */
export function buildRoutes(d: Deployment, slack: SlackHandle | null, limited: LimitedLog): Express {
  const { config, log } = d;
  const turnAdapter = createTeamsTurnAdapter(config, log);
  // A hung connector cannot hold a turn past TEAMS_REPLY_DEADLINE_MS (Teams retries a slow turn): late replies go through the outbox.
  const replyDeadline = { deadlineMs: config.TEAMS_REPLY_DEADLINE_MS, settleMs: 2 * config.OUTBOUND_TIMEOUT_MS, log };
  // One bot per school, over that school's records only (issue #10); ./schools.ts in platforms/teams picks it per activity.
  const teamsSchools = new TeamsSchools(
    d.schools.map(({ id, deps }) => {
      const bot = new TeamsBot(
        deps,
        turnAdapter,
        config.MicrosoftAppId ?? '',
        log,
        (context) => guardReplies(deps, replyDeadline, context),
        (context, email, open) => openChatLater(deps, replyDeadline, context, email, open),
      );
      return { id, deps, logic: withReplyDeadline(deps, replyDeadline, (context) => bot.onTurn(context)) };
    }),
    config,
    limited,
  );

  const web = express();
  web.disable('x-powered-by');
  // Healthy only when the database can be written (read-only, locked or gone: 503), not merely read.
  // With several schools, healthy only when every school's database can be written.
  web.get('/healthz', async (_req, res) => {
    const checks = await Promise.all(d.schools.map((s) => s.store.checkWritable()));
    const failed = checks.find((c) => !c.ok);
    if (failed && !failed.ok) log.warn({ code: failed.code }, 'health check: database cannot be written');
    const names = d.schools.length === 1 ? { school: d.schools[0].school.name } : { schools: d.schools.length };
    res.status(failed ? 503 : 200).json({ status: failed ? 'unavailable' : 'ok', database: failed ? 'down' : 'up', ...(failed && !failed.ok ? { code: failed.code } : {}), ...names });
  });
  web.post('/api/messages', teamsRoute({ config, allows: (tenant) => teamsSchools.allows(tenant), adapter: turnAdapter, log: limited, logic: (context) => teamsSchools.turn(context) }));
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
  return web;
}
