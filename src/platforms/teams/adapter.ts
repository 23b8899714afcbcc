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
  // Every connector call (replies in a turn, proactive sends) gives up after OUTBOUND_TIMEOUT_MS (issue #8).
  const auth = new BoundedAuthentication(settings, credentials, { retries: opts.sdkRetries !== false, timeoutMs: config.OUTBOUND_TIMEOUT_MS });
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
    credentials: ConfigurationServiceClientCredentialFactory,
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
        type Policy = { name: string; sendRequest(req: { timeout: number }, next: (req: unknown) => Promise<unknown>): Promise<unknown> };
        const pipeline = (client as unknown as { client?: { pipeline?: { removePolicy(o: { name: string }): unknown; addPolicy(p: Policy): void } } }).client?.pipeline;
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
