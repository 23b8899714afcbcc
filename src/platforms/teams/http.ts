/**
 * POST /api/messages, failing closed. The order matters: with an app id, the token is
 * checked before anything that answers differently (bad JSON, not an activity, too large), so an
 * unauthenticated request gets 401 whatever its shape; a token check that cannot reach the
 * identity provider gets 503 (retryable). Without an app id, Teams is off unless the trial opt-in
 * is on, and then only a loopback peer with a loopback serviceUrl is served. Every answer is a
 * coded JSON error; botbuilder's own errors go to our logger as codes, never to stderr or the wire.
 */
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Activity, TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import { teamsMode, type Config } from '../../config';
import type { LimitedLog } from '../../log';
import { activityShapeProblem } from './activity-shape';
import { strangerTurn, tenantOfActivity } from './tenants';
import type { TeamsTurnAdapter } from './adapter';

const BODY_LIMIT = '256kb';

type Answer = { status: number; code: string; message: string };

const ANSWERS = {
  notConfigured: { status: 404, code: 'TEAMS_NOT_CONFIGURED', message: 'Teams is not set up on this server (no MicrosoftAppId).' },
  unauthenticated: { status: 401, code: 'UNAUTHENTICATED', message: 'A valid Bot Framework token is required.' },
  notLoopback: { status: 401, code: 'UNAUTHENTICATED', message: 'Without a MicrosoftAppId, only local trial traffic from this computer is accepted.' },
  serviceUrlNotLoopback: { status: 403, code: 'SERVICE_URL_NOT_LOOPBACK', message: 'Without a MicrosoftAppId, the serviceUrl must be on this computer (loopback).' },
  authUnavailable: { status: 503, code: 'AUTH_UNAVAILABLE', message: 'The token could not be checked right now: try again later.' },
  tooLarge: { status: 413, code: 'TOO_LARGE', message: 'The request body is too large.' },
  badJson: { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' },
  upstreamUnavailable: { status: 503, code: 'UPSTREAM_UNAVAILABLE', message: 'Teams or its sign-in service could not be reached to answer: try again later.' },
  internal: { status: 500, code: 'INTERNAL', message: 'Internal error' },
} satisfies Record<string, Answer>;

function reply(res: Response, a: Answer, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.set(headers).status(a.status).json({ error: { code: a.code, message: a.message } });
}

/** Whether a socket address is this computer (127.0.0.0/8, ::1, or IPv4-mapped loopback). */
export function isLoopbackAddress(addr: string | undefined): boolean {
  if (!addr) return false;
  const a = addr.replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a);
}

/** Whether a URL points at this computer (localhost, 127.0.0.0/8 or [::1]). */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || isLoopbackAddress(host);
  } catch {
    return false;
  }
}

/** Reads the body as bytes (any content type) up to the limit; never throws to the error handler. */
const readRaw = express.raw({ type: () => true, limit: BODY_LIMIT });
function body(req: Request, res: Response): Promise<{ bytes: Buffer | null; tooLarge: boolean }> {
  return new Promise((resolve) => {
    readRaw(req, res, (err?: unknown) => {
      const e = err as { type?: string } | undefined;
      if (e) resolve({ bytes: null, tooLarge: e.type === 'entity.too.large' });
      else resolve({ bytes: Buffer.isBuffer(req.body) ? (req.body as Buffer) : Buffer.alloc(0), tooLarge: false });
    });
  });
}

function parse(bytes: Buffer | null): unknown {
  if (!bytes) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** How a failed token check is answered: a rejected token is 401; an unreachable identity provider is 503. */
export function classifyAuthFailure(err: unknown): 'unauthenticated' | 'unavailable' {
  const e = err as { name?: string; statusCode?: number; code?: string };
  // botbuilder's AuthenticationError carries statusCode 401 (its name is plain "Error").
  if (e?.statusCode === 401 || e?.statusCode === 403) return 'unauthenticated';
  if (['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError', 'SyntaxError'].includes(String(e?.name))) return 'unauthenticated';
  // OpenID metadata or keys could not be fetched (network error, 5xx, bad JSON from the provider).
  return 'unavailable';
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'network_error']);

/** Whether a turn failed because Teams' connector or the bot's sign-in (MSAL) could not be reached. */
export function isUpstreamFailure(err: unknown): boolean {
  const e = err as { name?: string; code?: string; errorCode?: string; statusCode?: number; cause?: unknown } | null;
  if (!e) return false;
  if (e.name === 'ClientAuthError' || NETWORK_CODES.has(String(e.code)) || NETWORK_CODES.has(String(e.errorCode))) return true;
  if (typeof e.statusCode === 'number' && [502, 503, 504].includes(e.statusCode)) return true;
  return e.cause !== undefined && e.cause !== err && isUpstreamFailure(e.cause);
}

export interface TeamsRouteDeps {
  config: Config;
  /** Whether any school of the deployment names this tenant (./tenants.ts; ./schools.ts picks the school inside the turn). */
  allows: (tenant: string | null) => boolean;
  adapter: TeamsTurnAdapter;
  log: LimitedLog;
  logic: (context: TurnContext) => Promise<void>;
}

/** The Express handler of POST /api/messages. */
export function teamsRoute(d: TeamsRouteDeps): RequestHandler {
  const mode = teamsMode(d.config);
  let toldOff = false;
  return async (req: Request, res: Response) => {
    if (mode === 'off') {
      if (!toldOff) d.log('warn', 'TEAMS_NOT_CONFIGURED', 'a request reached /api/messages but Teams is off (no MicrosoftAppId, no TEAMS_ALLOW_UNAUTHENTICATED)');
      toldOff = true;
      return reply(res, ANSWERS.notConfigured);
    }
    const header = req.headers.authorization ?? '';
    if (mode === 'authenticated' && !/^Bearer \S+$/.test(header)) {
      d.log('warn', 'TEAMS_AUTH_MISSING', 'request without a token refused');
      return reply(res, ANSWERS.unauthenticated, { 'www-authenticate': 'Bearer' });
    }
    // A reverse proxy on this computer would make every outsider look local: forwarded requests are not local.
    const forwarded = Boolean(req.headers['x-forwarded-for'] || req.headers.forwarded);
    if (mode === 'loopback-trial' && (!isLoopbackAddress(req.socket.remoteAddress) || forwarded)) {
      d.log('warn', 'TEAMS_TRIAL_NOT_LOOPBACK', 'unauthenticated request from another computer refused');
      return reply(res, ANSWERS.notLoopback);
    }
    const { bytes, tooLarge } = await body(req, res);
    const parsed = parse(bytes);
    const activity = (parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {}) as Partial<Activity>;

    let auth: AuthenticateRequestResult;
    try {
      // Only channelId and serviceUrl are read here (the token's serviceurl claim must match); botbuilder
      // calls .trim() on them, so a number or object there would read as "provider unreachable".
      const claims = { channelId: typeof activity.channelId === 'string' ? activity.channelId : '', serviceUrl: typeof activity.serviceUrl === 'string' ? activity.serviceUrl : '' };
      auth = await d.adapter.auth.authenticateRequest(claims as Activity, mode === 'authenticated' ? header : '');
    } catch (err) {
      if (classifyAuthFailure(err) === 'unavailable') {
        d.log('error', 'TEAMS_AUTH_UNAVAILABLE', 'could not reach the identity provider to check a token', { error: String((err as Error)?.name ?? 'Error') });
        return reply(res, ANSWERS.authUnavailable, { 'retry-after': '5' });
      }
      d.log('warn', 'TEAMS_AUTH_REJECTED', 'request with an invalid token refused');
      return reply(res, ANSWERS.unauthenticated, { 'www-authenticate': 'Bearer' });
    }
    if (tooLarge) return reply(res, ANSWERS.tooLarge);
    if (parsed === undefined) return reply(res, ANSWERS.badJson);
    const problem = activityShapeProblem(parsed);
    if (problem) return reply(res, { status: 400, code: 'BAD_ACTIVITY', message: problem });
    const a = parsed as Activity;
    if (mode === 'loopback-trial' && !isLoopbackUrl(a.serviceUrl)) {
      d.log('warn', 'TEAMS_TRIAL_SERVICE_URL', 'unauthenticated activity with a serviceUrl off this computer refused');
      return reply(res, ANSWERS.serviceUrlNotLoopback);
    }
    // Identity is more than an email: another tenant's user is a stranger, whatever email they show.
    const allowed = d.allows(tenantOfActivity(a));
    if (!allowed) d.log('warn', 'TEAMS_FOREIGN_TENANT', 'activity from a tenant no school names: answered as a stranger');
    try {
      const invoke = await d.adapter.run(auth, a, allowed ? d.logic : strangerTurn);
      if (!invoke) return void res.status(200).end();
      if (invoke.status === 501) {
        // botbuilder's answer to an invoke nobody handled: a clear 200 "not supported" instead.
        return void res.status(200).json({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'This app does not support that request.', code: 'NOT_SUPPORTED' });
      }
      res.status(invoke.status).json(invoke.body ?? {});
    } catch (err) {
      if (isUpstreamFailure(err)) {
        // The bot's own token (MSAL) or the connector was out of reach: retryable, not our fault.
        d.log('warn', 'TEAMS_UPSTREAM_UNAVAILABLE', 'the turn could not reach Teams or its sign-in service', { error: String((err as Error)?.name ?? 'Error') });
        return reply(res, ANSWERS.upstreamUnavailable, { 'retry-after': '5' });
      }
      d.log('error', 'TEAMS_TURN_FAILED', 'a Teams request failed', { error: String((err as Error)?.name ?? 'Error') });
      reply(res, ANSWERS.internal);
    }
  };
}
