/**
 * The Bot Framework CloudAdapter with botbuilder's own configuration-driven authentication:
 * MultiTenant, SingleTenant and UserAssignedMsi (a managed identity through @azure/identity).
 * Every botbuilder import of the product stays in src/platforms/teams (a port to the
 * Microsoft 365 Agents SDK is then one folder's work).
 */
import type { ClaimsIdentity, ConnectorClient, ConnectorFactory } from 'botframework-connector';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../../config';
import type { Logger } from '../../log';

/**
 * Builds the adapter; with no MicrosoftAppId it accepts unauthenticated local traffic, and says so loudly.
 * `sdkRetries: false` is for the outbox sender: the outbox owns retries (Retry-After, backoff, final
 * 403s) and must see each failure, instead of the connector client retrying inside one delivery.
 */
export function createTeamsAdapter(config: Config, log: Logger, opts: { sdkRetries?: boolean; quiet?: boolean } = {}): CloudAdapter {
  const settings = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  if (!config.MicrosoftAppId && !opts.quiet) {
    log.warn(
      { code: 'AUTH_DISABLED' },
      '*** MicrosoftAppId is empty: /api/messages accepts UNAUTHENTICATED traffic (Agents Playground / emulator). Never run a school like this. ***',
    );
  }
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  const auth = opts.sdkRetries === false ? new NoRetryAuthentication(settings, credentials) : new ConfigurationBotFrameworkAuthentication(settings, credentials);
  const adapter = new CloudAdapter(auth);
  // The outbox adapter lets errors propagate: the worker classifies them (429/403/5xx) itself.
  if (opts.sdkRetries === false) return adapter;
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Log the code only: an error message may quote incident text.
    log.error({ code: (error as { code?: string }).code ?? error.name, activityType: context.activity?.type }, 'Teams turn failed');
    if (context.activity?.type === 'message') {
      await context.sendActivity("Sorry — something went wrong on our side and nothing was lost. Please try again in a moment.");
    }
  };
  return adapter;
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
