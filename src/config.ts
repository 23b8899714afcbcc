/**
 * The only reader of process.env. Parsed once with zod; every error names the variable.
 * Names of the Bot Framework keys follow botbuilder's ConfigurationBotFrameworkAuthentication.
 */
import path from 'node:path';
import { z } from 'zod';
import { FAULT_SETTINGS } from './core/faults';

/** The database used when DATABASE_URL is empty: a local SQLite file (with the demo school by default). */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/safeguard.sqlite';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** `1`/`true`/`yes`/`on` or `0`/`false`/`no`/`off`; empty means unset (the default applies). */
const flag = z.preprocess(
  emptyToUndefined,
  z
    .enum(['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off'], { message: 'must be 1 or 0 (true or false)' })
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v))
    .optional(),
);

/** The school file shipped with the project (made-up people): fine for a trial, refused in production. */
export const DEMO_SCHOOL_CONFIG = path.join('config', 'demo-school.yaml');

const envShape = z.object({
  /** development (default), test or production; production refuses any unauthenticated channel or demo secret. */
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'test', 'production']).default('development')),
  /** The interface to listen on: loopback unless HOST says otherwise (0.0.0.0 behind a reverse proxy or in a container). */
  HOST: z.preprocess(emptyToUndefined, z.string().min(1).default('127.0.0.1')),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .refine((v) => /^(sqlite:|postgres(ql)?:\/\/)/.test(v), 'must start with sqlite: or postgres://'),
  ),
  SCHOOL_CONFIG: z.preprocess(emptyToUndefined, z.string().default(DEMO_SCHOOL_CONFIG)),
  /**
   * Issue #10: a folder of school files (`<id>.yaml`), one per school a trust or local authority runs on
   * this deployment. Set, it replaces SCHOOL_CONFIG; each school keeps its records apart (src/host/schools.ts).
   */
  SCHOOLS_DIR: z.preprocess(emptyToUndefined, z.string().optional()),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  MicrosoftAppId: z.preprocess(emptyToUndefined, z.string().optional()),
  MicrosoftAppPassword: z.preprocess(emptyToUndefined, z.string().optional()),
  MicrosoftAppType: z.preprocess(
    emptyToUndefined,
    z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMsi']).default('MultiTenant'),
  ),
  MicrosoftAppTenantId: z.preprocess(emptyToUndefined, z.string().optional()),
  /**
   * Teams without a MicrosoftAppId (Agents Playground, emulator): an explicit opt-in, accepted only
   * from a loopback peer with a loopback serviceUrl. Unset, it is on only for the shipped demo school.
   */
  TEAMS_ALLOW_UNAUTHENTICATED: flag,
  /** botbuilder's OpenID metadata URL for channel tokens (sovereign clouds; tests point it at a fake). */
  ToBotFromChannelOpenIdMetadataUrl: z.preprocess(emptyToUndefined, z.url({ message: 'must be a URL such as https://login.botframework.com/v1/.well-known/openidconfiguration' }).optional()),
  /** botbuilder's login URL of the bot's own token (bot → connector), https://host/<tenant>: private clouds; tests point it at a fake. */
  ToChannelFromBotLoginUrl: z.preprocess(
    emptyToUndefined,
    z.url({ message: 'must be a URL such as https://login.microsoftonline.com/botframework.com' }).refine((u) => u.startsWith('https://'), 'must be an https:// URL (the token authority is never plain http)').optional(),
  ),
  /** The scope of that token; default https://api.botframework.com. */
  ToChannelFromBotOAuthScope: z.preprocess(emptyToUndefined, z.string().optional()),
  /** A PEM file of extra CA certificates trusted for ToChannelFromBotLoginUrl (a fake in tests). */
  TEAMS_LOGIN_CA_FILE: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Slack: Bolt's request signing secret (HTTP mode: POST /slack/events). */
  SLACK_SIGNING_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Slack single-workspace bot token (xoxb-…); leave empty when workspaces install through OAuth. */
  SLACK_BOT_TOKEN: z.preprocess(emptyToUndefined, z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional()),
  /** Slack app-level token (xapp-…): when set, Socket Mode instead of a public endpoint. */
  SLACK_APP_TOKEN: z.preprocess(emptyToUndefined, z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional()),
  /** Slack Web API base URL (GovSlack, or a fake API in tests), passed to Bolt's clientOptions.slackApiUrl. */
  SLACK_API_URL: z.preprocess(
    emptyToUndefined,
    z.url({ message: 'must be a URL such as https://slack.com/api/' }).transform((u) => (u.endsWith('/') ? u : `${u}/`)).optional(),
  ),
  /** Slack OAuth (several workspaces): client id, client secret and the secret that signs the install state. */
  SLACK_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().optional()),
  SLACK_CLIENT_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
  SLACK_STATE_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Slack: how many acked requests are worked on at once, and how many commands may wait before one is told to try again. */
  SLACK_WORK_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(256).default(16)),
  SLACK_WORK_QUEUE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(10_000).default(200)),
  /**
   * Teams reach through Microsoft Graph, for people who never opened the app: the app's id in the organisation's app catalog
   * (Graph teamsApp id). When set, people who never opened the app get it installed for them
   * (TeamsAppInstallation.ReadWriteSelfForUser.All, an app-only token) and are then messaged.
   */
  TEAMS_APP_CATALOG_ID: z.preprocess(emptyToUndefined, z.string().regex(/^[0-9a-fA-F-]{36}$/, 'must be the app catalog id (a GUID: Graph GET /appCatalogs/teamsApps?$filter=externalId eq \'<manifest id>\')').optional()),
  /** The Entra tenant the Graph token is for; default MicrosoftAppTenantId. */
  GRAPH_TENANT_ID: z.preprocess(emptyToUndefined, z.string().optional()),
  /** The Entra app (client) id with the Graph permission; default MicrosoftAppId. */
  GRAPH_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Its client secret (ClientSecretCredential); default MicrosoftAppPassword when it is the bot's own app. */
  GRAPH_CLIENT_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Or a PEM file holding its certificate and private key (ClientCertificateCredential). */
  GRAPH_CERTIFICATE_PATH: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Graph's base URL (national clouds; a fake in tests). */
  GRAPH_API_URL: z.preprocess(
    emptyToUndefined,
    z.url({ message: 'must be a URL such as https://graph.microsoft.com/v1.0/' }).transform((u) => (u.endsWith('/') ? u : `${u}/`)).default('https://graph.microsoft.com/v1.0/'),
  ),
  /** The token authority (@azure/identity authorityHost): https only, as MSAL requires. */
  GRAPH_AUTHORITY_HOST: z.preprocess(
    emptyToUndefined,
    z.url({ message: 'must be a URL such as https://login.microsoftonline.com' }).refine((u) => u.startsWith('https://'), 'must be an https:// URL (the token authority is never plain http)').default('https://login.microsoftonline.com'),
  ),
  /** A PEM file of extra CA certificates trusted for the token authority (a TLS-inspecting proxy; a fake in tests). */
  GRAPH_CA_FILE: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Issue #8: the time limit of every call to Teams or Slack, in ms; a hung platform call then fails and is retried. */
  OUTBOUND_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1000).max(120_000).default(10_000)),
  /** Issue #8: a Teams reply within a person's turn that takes longer than this (ms) is delivered later through the outbox, so the turn answers in time. */
  TEAMS_REPLY_DEADLINE_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(200).max(12_000).default(5000)),
  /** Issue #8: how many recipients the outbox delivers to at once (each recipient's messages stay in order). */
  OUTBOX_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(64).default(16)),
  /** Issue #10: how many server instances deliver this school's outbox; each plans with its share of the per-tenant/per-workspace send rate (src/platforms/send-rate.ts). */
  OUTBOX_INSTANCES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(64).default(1)),
  /** Issue #10: Slack's workspace-wide chat.postMessage limit, which Slack does not publish ("1 per second per channel" is per channel). */
  SLACK_POSTS_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(10).max(6000).default(300)),
  /** Issue #10: `off` sends without pacing (only 429s slow it down), for tests against fakes that enforce no limits; refused when NODE_ENV is production. */
  SEND_PACING: z.preprocess(emptyToUndefined, z.enum(['on', 'off'], { message: 'must be on or off' }).default('on')),
  /** How often the outbox worker and the sweeper look for due work when idle, in ms. */
  WORKER_INTERVAL_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(50).max(600_000).default(2000)),
  /** How long a worker holds a claimed outbox row, in ms: after a crash its rows are taken up again this much later. Must outlast a delivery's calls. */
  OUTBOX_LEASE_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1000).max(3_600_000).default(60_000)),
  /** Crash tests only: the process kills itself (SIGKILL) at this point; refused when NODE_ENV is production. */
  SAFEGUARD_FAULT_POINT: z.preprocess(emptyToUndefined, z.enum(FAULT_SETTINGS, { message: `must be one of ${FAULT_SETTINGS.join(', ')}` }).optional()),
});

/** Every environment variable the bot reads (.env.example must list each; a test checks). */
export const CONFIG_KEYS = Object.keys(envShape.shape);

const envSchema = envShape.superRefine((c, ctx) => {
  // botbuilder's rules: SingleTenant needs a tenant; UserAssignedMsi uses a managed identity and forbids a password.
  if (c.MicrosoftAppType === 'SingleTenant' && c.MicrosoftAppId && !c.MicrosoftAppTenantId)
    ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required when MicrosoftAppType is SingleTenant' });
  if (c.MicrosoftAppType === 'UserAssignedMsi' && c.MicrosoftAppPassword)
    ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'must be empty when MicrosoftAppType is UserAssignedMsi (the managed identity authenticates)' });
  if (c.MicrosoftAppType === 'UserAssignedMsi' && !c.MicrosoftAppId)
    ctx.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: 'is required when MicrosoftAppType is UserAssignedMsi (the client id of the managed identity)' });
  if (c.MicrosoftAppType !== 'UserAssignedMsi' && c.MicrosoftAppId && !c.MicrosoftAppPassword)
    ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: `is required when MicrosoftAppId is set and MicrosoftAppType is ${c.MicrosoftAppType}` });
  // Slack: Bolt refuses a token together with OAuth; HTTP mode needs the signing secret; OAuth needs all three keys.
  const oauth = [c.SLACK_CLIENT_ID, c.SLACK_CLIENT_SECRET, c.SLACK_STATE_SECRET];
  if (oauth.some(Boolean)) {
    for (const [name, v] of [['SLACK_CLIENT_ID', c.SLACK_CLIENT_ID], ['SLACK_CLIENT_SECRET', c.SLACK_CLIENT_SECRET], ['SLACK_STATE_SECRET', c.SLACK_STATE_SECRET]] as const)
      if (!v) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when any of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET is set (Slack OAuth)' });
    if (c.SLACK_BOT_TOKEN) ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'must be empty when Slack OAuth is set up (each workspace install brings its own token)' });
  }
  const slackWanted = Boolean(c.SLACK_BOT_TOKEN || c.SLACK_APP_TOKEN || oauth.some(Boolean));
  if (slackWanted && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN)
    ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)' });
  if (c.SLACK_APP_TOKEN && !c.SLACK_BOT_TOKEN && !oauth.some(Boolean))
    ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required with SLACK_APP_TOKEN (Socket Mode), unless Slack OAuth is set up' });
  if (c.SLACK_SIGNING_SECRET && !c.SLACK_BOT_TOKEN && !oauth.some(Boolean))
    ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required with SLACK_SIGNING_SECRET (or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for OAuth)' });

  // Teams reach through Graph: a tenant, a client and exactly one way to authenticate.
  if (c.TEAMS_APP_CATALOG_ID) {
    if (!(c.GRAPH_TENANT_ID ?? c.MicrosoftAppTenantId))
      ctx.addIssue({ code: 'custom', path: ['GRAPH_TENANT_ID'], message: "is required when TEAMS_APP_CATALOG_ID is set (the school's Entra tenant id), unless MicrosoftAppTenantId is set" });
    if (!(c.GRAPH_CLIENT_ID ?? c.MicrosoftAppId))
      ctx.addIssue({ code: 'custom', path: ['GRAPH_CLIENT_ID'], message: 'is required when TEAMS_APP_CATALOG_ID is set, unless MicrosoftAppId is set' });
    if (c.GRAPH_CLIENT_SECRET && c.GRAPH_CERTIFICATE_PATH)
      ctx.addIssue({ code: 'custom', path: ['GRAPH_CERTIFICATE_PATH'], message: 'must be empty when GRAPH_CLIENT_SECRET is set (one credential)' });
    if (!graphCredentialOf(c))
      ctx.addIssue({ code: 'custom', path: ['GRAPH_CLIENT_SECRET'], message: 'is required when TEAMS_APP_CATALOG_ID is set (or GRAPH_CERTIFICATE_PATH, or MicrosoftAppType UserAssignedMsi for a managed identity)' });
    if (c.NODE_ENV === 'production' && !c.GRAPH_API_URL.startsWith('https://'))
      ctx.addIssue({ code: 'custom', path: ['GRAPH_API_URL'], message: 'must be an https:// URL when NODE_ENV is production' });
  }

  // Production must not start in a test set-up: no unauthenticated channel, no demo school, no placeholder secret.
  if (c.NODE_ENV === 'production') {
    if (c.SAFEGUARD_FAULT_POINT)
      ctx.addIssue({ code: 'custom', path: ['SAFEGUARD_FAULT_POINT'], message: 'must be empty when NODE_ENV is production (fault points are for crash tests only)' });
    if (c.SEND_PACING === 'off')
      ctx.addIssue({ code: 'custom', path: ['SEND_PACING'], message: 'must be on when NODE_ENV is production (unpaced sends meet the platforms\' 429s)' });
    if (c.TEAMS_ALLOW_UNAUTHENTICATED)
      ctx.addIssue({ code: 'custom', path: ['TEAMS_ALLOW_UNAUTHENTICATED'], message: 'must be empty or 0 when NODE_ENV is production (unauthenticated Teams is for local trials only)' });
    if (!c.SCHOOLS_DIR && isDemoSchool(c.SCHOOL_CONFIG))
      ctx.addIssue({ code: 'custom', path: ['SCHOOL_CONFIG'], message: 'must name your own school file when NODE_ENV is production, not the demo school (config/demo-school.yaml)' });
    if (c.SLACK_STATE_SECRET && c.SLACK_STATE_SECRET.length < 32)
      ctx.addIssue({ code: 'custom', path: ['SLACK_STATE_SECRET'], message: 'must be at least 32 random characters when NODE_ENV is production' });
    for (const key of ['MicrosoftAppPassword', 'GRAPH_CLIENT_SECRET', 'SLACK_SIGNING_SECRET', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'DATABASE_URL'] as const)
      if (/change-me|changeme|not-a-real-secret|example-secret/i.test(c[key] ?? ''))
        ctx.addIssue({ code: 'custom', path: [key], message: 'holds a placeholder value from the documentation: set a real secret when NODE_ENV is production' });
  }
});

type GraphCredential = { kind: 'secret'; secret: string } | { kind: 'certificate'; path: string } | { kind: 'managed_identity' };

/** How the Graph token is obtained, from the keys above (null: no credential configured). */
function graphCredentialOf(c: z.infer<typeof envShape>): GraphCredential | null {
  if (c.GRAPH_CLIENT_SECRET) return { kind: 'secret', secret: c.GRAPH_CLIENT_SECRET };
  if (c.GRAPH_CERTIFICATE_PATH) return { kind: 'certificate', path: c.GRAPH_CERTIFICATE_PATH };
  const ownApp = !c.GRAPH_CLIENT_ID || c.GRAPH_CLIENT_ID === c.MicrosoftAppId;
  if (ownApp && c.MicrosoftAppType === 'UserAssignedMsi') return { kind: 'managed_identity' };
  if (ownApp && c.MicrosoftAppPassword) return { kind: 'secret', secret: c.MicrosoftAppPassword };
  return null;
}

/** Graph settings for installing the Teams app for people, or null when TEAMS_APP_CATALOG_ID is not set. */
export interface GraphSettings {
  catalogAppId: string;
  tenantId: string;
  clientId: string;
  credential: GraphCredential;
  apiUrl: string;
  authorityHost: string;
  caFile?: string;
}

/**
 * Graph settings for reading the school's pupils (issue #11: the education API), which needs a
 * credential, tenant and client but no Teams app catalog id; null when no credential is configured.
 */
export function graphReadSettings(c: Config): Omit<GraphSettings, 'catalogAppId'> | null {
  const credential = graphCredentialOf(c);
  const tenantId = c.GRAPH_TENANT_ID ?? c.MicrosoftAppTenantId;
  const clientId = c.GRAPH_CLIENT_ID ?? c.MicrosoftAppId;
  if (!credential || !tenantId || !clientId) return null;
  return { tenantId, clientId, credential, apiUrl: c.GRAPH_API_URL, authorityHost: c.GRAPH_AUTHORITY_HOST, caFile: c.GRAPH_CA_FILE };
}

/** The Graph settings of a parsed Config (the schema has already checked they are complete). */
export function graphSettings(c: Config): GraphSettings | null {
  const credential = graphCredentialOf(c);
  const tenantId = c.GRAPH_TENANT_ID ?? c.MicrosoftAppTenantId;
  const clientId = c.GRAPH_CLIENT_ID ?? c.MicrosoftAppId;
  if (!c.TEAMS_APP_CATALOG_ID || !credential || !tenantId || !clientId) return null;
  return { catalogAppId: c.TEAMS_APP_CATALOG_ID, tenantId, clientId, credential, apiUrl: c.GRAPH_API_URL, authorityHost: c.GRAPH_AUTHORITY_HOST, caFile: c.GRAPH_CA_FILE };
}

/** Whether a SCHOOL_CONFIG path is the shipped demo school. */
export function isDemoSchool(schoolConfig: string): boolean {
  return path.resolve(schoolConfig) === path.resolve(DEMO_SCHOOL_CONFIG) || path.basename(schoolConfig) === path.basename(DEMO_SCHOOL_CONFIG);
}

export type Config = z.infer<typeof envSchema>;

/**
 * How Teams traffic is accepted: `authenticated` with a MicrosoftAppId; `loopback-trial` without one
 * when TEAMS_ALLOW_UNAUTHENTICATED says so (or, unset, for the demo school outside production);
 * otherwise `off` (/api/messages answers 404 TEAMS_NOT_CONFIGURED).
 */
export function teamsMode(c: Config): 'authenticated' | 'loopback-trial' | 'off' {
  if (c.MicrosoftAppId) return 'authenticated';
  const optIn = c.TEAMS_ALLOW_UNAUTHENTICATED ?? (c.NODE_ENV !== 'production' && !c.SCHOOLS_DIR && isDemoSchool(c.SCHOOL_CONFIG));
  return optIn ? 'loopback-trial' : 'off';
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** Parses an environment (process.env by default) into a typed Config, or throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'} ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
