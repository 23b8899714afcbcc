/**
 * The Bot Framework CloudAdapter with botbuilder's own configuration-driven authentication:
 * MultiTenant, SingleTenant and UserAssignedMsi (a managed identity through @azure/identity).
 * Every botbuilder import of the product stays in src/platforms/teams (a port to the
 * Microsoft 365 Agents SDK is then one folder's work).
 */
import { AuthenticationConstants, type AuthenticateRequestResult, type BotFrameworkAuthentication, type ClaimsIdentity, type ConnectorClient, type ConnectorFactory } from 'botframework-connector';
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
    ...(config.ToBotFromChannelOpenIdMetadataUrl
      ? {
          ValidateAuthority: true,
          ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
          ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
          OAuthUrl: AuthenticationConstants.OAuthUrl,
          ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
          CallerId: CallerIdConstants.PublicAzureChannel,
          ToBotFromChannelOpenIdMetadataUrl: config.ToBotFromChannelOpenIdMetadataUrl,
        }
      : {}),
  };
}

/**
 * Builds the adapter of inbound turns. Whether unauthenticated traffic is accepted at all is the
 * route's decision (config.teamsMode: loopback only, and only when opted in).
 */
export function createTeamsTurnAdapter(config: Config, log: Logger): TeamsTurnAdapter {
  const settings = settingsOf(config);
  const adapter = new TeamsTurnAdapter(new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings)));
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
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const auth = opts.sdkRetries === false ? new NoRetryAuthentication(settings, credentials) : new ConfigurationBotFrameworkAuthentication(settings, credentials);
  // The outbox adapter lets errors propagate: the worker classifies them (429/403/5xx) itself.
  return new CloudAdapter(auth);
}

/**
 * Authentication whose connector clients do not retry by themselves. botbuilder's compat layer does
 * not forward `retryOptions`, so we remove core-client's retry policy from each new client's
 * pipeline (Pipeline.removePolicy is public; the client field is not typed as such). If a botbuilder
 * upgrade changes this, test/platforms/teams/delivery.e2e.spec.ts ("waits as long as Retry-After
 * says") fails rather than the outbox silently retrying twice.
 */
class NoRetryAuthentication extends ConfigurationBotFrameworkAuthentication {
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const inner = super.createConnectorFactory(claimsIdentity);
    return {
      async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        const client = await inner.create(serviceUrl, audience);
        const pipeline = (client as unknown as { client?: { pipeline?: { removePolicy(o: { name: string }): unknown } } }).client?.pipeline;
        if (!pipeline) throw new Error('botbuilder connector client has no pipeline: cannot disable its retries');
        pipeline.removePolicy({ name: 'defaultRetryPolicy' });
        return client;
      },
    };
  }
}
