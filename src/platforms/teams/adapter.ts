/**
 * The Bot Framework CloudAdapter with botbuilder's own configuration-driven authentication:
 * MultiTenant, SingleTenant and UserAssignedMsi (a managed identity through @azure/identity).
 * Every botbuilder import of the product stays in src/platforms/teams (a port to the
 * Microsoft 365 Agents SDK is then one folder's work).
 */
import { AuthenticationConstants, type AuthenticateRequestResult, type BotFrameworkAuthentication, type ClaimsIdentity, type ConnectorClient, type ConnectorFactory, type ServiceClientCredentialsFactory } from 'botframework-connector';
import {
  ActivityTypes,
  CallerIdConstants,
  CloudAdapter,
  type Activity,
  type InvokeResponse,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../../config';
import type { Logger } from '../../log';
import { PrivateCloudCredentialsFactory } from './private-cloud-credentials';

/**
 * The adapter of inbound turns. The HTTP route (src/platforms/teams/http.ts) authenticates each
 * request itself, before it parses anything that would answer differently, and hands the result
 * here: botbuilder's own `process` would print rejected tokens' stacks to stderr and answer 500
 * with its internal message.
 */
export class TeamsTurnAdapter extends CloudAdapter {
  constructor(readonly auth: BotFrameworkAuthentication) {
    super(auth);
  }

  /** Runs one already-authenticated activity; resolves to the invoke response (if any). */
  run(result: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(result, activity, logic);
  }
}

function settingsOf(config: Config) {
  return {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    // botbuilder takes one overridden URL as "a full custom configuration": the rest stay the public cloud's.
    ...(config.ToBotFromChannelOpenIdMetadataUrl || config.ToChannelFromBotLoginUrl
      ? {
          ValidateAuthority: true,
          ToChannelFromBotLoginUrl: config.ToChannelFromBotLoginUrl ?? AuthenticationConstants.ToChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: config.ToChannelFromBotOAuthScope ?? AuthenticationConstants.ToChannelFromBotOAuthScope,
          ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
          OAuthUrl: AuthenticationConstants.OAuthUrl,
          ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
          CallerId: CallerIdConstants.PublicAzureChannel,
          ToBotFromChannelOpenIdMetadataUrl: config.ToBotFromChannelOpenIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
        }
      : {}),
  };
}

/** botbuilder's own credentials, unless a login URL of a private cloud is set for a password app (see private-cloud-credentials.ts). */
function credentialsOf(config: Config, settings: ReturnType<typeof settingsOf>): ServiceClientCredentialsFactory {
  if (config.ToChannelFromBotLoginUrl && config.MicrosoftAppId && config.MicrosoftAppPassword && config.MicrosoftAppType !== 'UserAssignedMsi')
    return new PrivateCloudCredentialsFactory(config.MicrosoftAppId, config.MicrosoftAppPassword, config.TEAMS_LOGIN_CA_FILE);
  return new ConfigurationServiceClientCredentialFactory(settings);
}

/**
 * Builds the adapter of inbound turns. Whether unauthenticated traffic is accepted at all is the
 * route's decision (config.teamsMode: loopback only, and only when opted in).
 */
export function createTeamsTurnAdapter(config: Config, log: Logger): TeamsTurnAdapter {
  const settings = settingsOf(config);
  // Replies within a turn have the same time limit as proactive sends (OUTBOUND_TIMEOUT_MS).
  const auth = new BoundedAuthentication(settings, credentialsOf(config, settings), { retries: true, timeoutMs: config.OUTBOUND_TIMEOUT_MS });
  const adapter = new TeamsTurnAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Log the code only: an error message may quote incident text.
    log.error({ code: (error as { code?: string }).code ?? error.name, activityType: context.activity?.type }, 'Teams turn failed');
    if (context.activity?.type === ActivityTypes.Message) {
      await context.sendActivity("Sorry — something went wrong on our side and nothing was lost. Please try again in a moment.");
    } else if (context.activity?.type === ActivityTypes.Invoke) {
      // A card action that failed still gets an answer Teams can show (not botbuilder's 501).
      const value = { code: 'INTERNAL', message: 'Sorry — something went wrong on our side and nothing was changed. Please try again in a moment.' };
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { statusCode: 500, type: 'application/vnd.microsoft.error', value } } });
    }
  };
  return adapter;
}

/**
 * The adapter of outbound (proactive) sends. `sdkRetries: false` is for the outbox sender: the outbox
 * owns retries (Retry-After, backoff, final 403s) and must see each failure, instead of the connector
 * client retrying inside one delivery.
 */
export function createTeamsAdapter(config: Config, _log: Logger, opts: { sdkRetries?: boolean; quiet?: boolean } = {}): CloudAdapter {
  const settings = settingsOf(config);
  const credentials = credentialsOf(config, settings);
  // Every connector call gives up after OUTBOUND_TIMEOUT_MS, so a hung one is retried, not waited on.
  const auth = new BoundedAuthentication(settings, credentials, { retries: opts.sdkRetries !== false, timeoutMs: config.OUTBOUND_TIMEOUT_MS });
  // The outbox adapter lets errors propagate: the worker classifies them (429/403/5xx) itself.
  return new CloudAdapter(auth);
}

/**
 * Authentication whose connector clients have a time limit on every call and, for the outbox, do
 * not retry by themselves. botbuilder's compat layer forwards neither `retryOptions` nor a timeout,
 * so we edit each new client's core-rest-pipeline (Pipeline.addPolicy/removePolicy are public; the
 * client field is not typed as such). If a botbuilder upgrade changes this, creating a client throws,
 * and test/platforms/teams/delivery.e2e.spec.ts ("waits as long as Retry-After says") and
 * test/hostile/lose-nothing.delivery.e2e.spec.ts (a hanging connector) fail.
 */
class BoundedAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    settings: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    credentials: ServiceClientCredentialsFactory,
    private readonly limits: { retries: boolean; timeoutMs: number },
  ) {
    super(settings, credentials);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const inner = super.createConnectorFactory(claimsIdentity);
    const { retries, timeoutMs } = this.limits;
    return {
      async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        const client = await inner.create(serviceUrl, audience);
        const pipeline = pipelineOf(client);
        if (!pipeline) throw new Error('botbuilder connector client has no pipeline: cannot bound its calls');
        if (!retries) pipeline.removePolicy({ name: 'defaultRetryPolicy' });
        // core-rest-pipeline aborts a request whose `timeout` (ms) passes with no answer.
        pipeline.addPolicy({
          name: 'safeguardTimeout',
          sendRequest(req, next) {
            req.timeout = timeoutMs;
            return next(req);
          },
        });
        return client;
      },
    };
  }
}

/** The part of core-rest-pipeline's Pipeline we use. */
interface Pipeline {
  removePolicy(o: { name: string }): unknown;
  addPolicy(p: { name: string; sendRequest(req: { timeout: number }, next: (req: unknown) => Promise<unknown>): Promise<unknown> }): void;
}

/** The request pipeline inside a connector client (a field botbuilder does not type as public), checked, or null. */
function pipelineOf(client: ConnectorClient): Pipeline | null {
  const inner: unknown = Reflect.get(client, 'client');
  const pipeline: unknown = inner && typeof inner === 'object' ? Reflect.get(inner, 'pipeline') : null;
  const isPipeline = (p: unknown): p is Pipeline => !!p && typeof p === 'object' && typeof Reflect.get(p, 'addPolicy') === 'function' && typeof Reflect.get(p, 'removePolicy') === 'function';
  return isPipeline(pipeline) ? pipeline : null;
}
