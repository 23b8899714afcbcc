/**
 * The Bot Framework CloudAdapter with botbuilder's own configuration-driven authentication:
 * MultiTenant, SingleTenant and UserAssignedMsi (a managed identity through @azure/identity).
 * Every botbuilder import of the product stays in src/platforms/teams (a port to the
 * Microsoft 365 Agents SDK is then one folder's work).
 */
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
  const clientOptions = opts.sdkRetries === false ? ({ retryOptions: { maxRetries: 0 } } as object) : undefined;
  const auth = new ConfigurationBotFrameworkAuthentication(settings, credentials, undefined, undefined, clientOptions);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Log the code only: an error message may quote incident text.
    log.error({ code: (error as { code?: string }).code ?? error.name, activityType: context.activity?.type }, 'Teams turn failed');
    if (context.activity?.type === 'message') {
      await context.sendActivity("Sorry — something went wrong on our side and nothing was lost. Please try again in a moment.");
    }
  };
  return adapter;
}
