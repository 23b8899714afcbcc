/**
 * Which Microsoft 365 tenants are this school's (identity is more than an email). An
 * activity from any other tenant is a stranger: nothing is looked up, stored or acted on, whatever
 * email the person shows, and they are told only that this app is not theirs.
 */
import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import type { Config } from '../../config';
import type { School } from '../../core/people/school';

/** The tenants the school file names, plus the bot's own tenant when it is a single-tenant app. */
export function schoolTenants(school: School, config?: Pick<Config, 'MicrosoftAppType' | 'MicrosoftAppTenantId'>): string[] {
  const named = school.file.safeguarding_team.teams?.tenant_id ?? [];
  const own = config?.MicrosoftAppType === 'SingleTenant' && config.MicrosoftAppTenantId ? [config.MicrosoftAppTenantId] : [];
  return [...new Set([...named, ...own].map((t) => t.toLowerCase()))];
}

/** The tenant of an activity (conversation.tenantId, else channelData.tenant.id). */
export function tenantOfActivity(a: Partial<Activity>): string | null {
  const cd = a.channelData as { tenant?: { id?: unknown } } | undefined;
  const t = a.conversation?.tenantId ?? cd?.tenant?.id;
  return typeof t === 'string' && t ? t.toLowerCase() : null;
}

/**
 * Whether an activity's tenant is the school's. A school that names no tenant accepts any (only
 * possible in a loopback trial: with an app id, start-up requires the tenant, see app.ts).
 */
export function tenantAllowed(school: School, config: Pick<Config, 'MicrosoftAppType' | 'MicrosoftAppTenantId'> | undefined, tenant: string | null): boolean {
  const allowed = schoolTenants(school, config);
  if (allowed.length === 0) return true;
  return tenant !== null && allowed.includes(tenant);
}

/** The whole turn for a stranger: a kind word for a message, a typed error for a card action, nothing else. */
export async function strangerTurn(context: TurnContext): Promise<void> {
  const a = context.activity;
  const message = "Sorry — this Safeguard app belongs to another organisation, so I can't take anything from you here. Nothing was recorded.";
  if (a.type === ActivityTypes.Message && a.conversation?.conversationType === 'personal') {
    await context.sendActivity(message);
  } else if (a.type === ActivityTypes.Invoke) {
    const body = { statusCode: 403, type: 'application/vnd.microsoft.error', value: { code: 'IDENTITY_UNKNOWN', message } };
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
  }
}
