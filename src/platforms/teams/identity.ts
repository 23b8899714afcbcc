/**
 * Who sent an activity (its actor): Teams gives a channel-specific user id; people are joined across platforms by
 * email, which we read once with TeamsInfo.getMember (email or userPrincipalName) on the
 * activity's serviceUrl and keep with the 1:1 conversation reference for proactive messages.
 */
import { TeamsInfo, TurnContext } from 'botbuilder';
import type { CoreDeps } from '../../core/deps';
import type { Actor } from '../../actions/types';
import { tenantAllowed } from './tenants';

export type { Actor } from '../../actions/types';

/** Resolves the person who sent this activity, or null when Teams will not tell us their email. */
export async function resolveActor(deps: CoreDeps, context: TurnContext): Promise<Actor | null> {
  const activity = context.activity;
  const from = activity.from;
  if (!from?.id) return null;
  const personal = activity.conversation?.conversationType === 'personal';
  const ref = personal ? (TurnContext.getConversationReference(activity) as Record<string, unknown>) : null;
  const tenantId = tenantOf(context);
  // Another tenant's user is a stranger whatever email they show; the route refuses them first.
  if (!tenantAllowed(deps.school, undefined, tenantId?.toLowerCase() ?? null)) return null;
  let identity = await deps.store.identities.findByPlatformId('teams', from.id);
  if (!identity || (ref && !identity.conversationRef)) {
    let email = identity?.email ?? null;
    let name = identity?.name ?? from.name ?? null;
    if (!email) {
      try {
        const member = await TeamsInfo.getMember(context, from.id);
        email = (member.email || member.userPrincipalName || '').toLowerCase() || null;
        name = member.name || name;
      } catch {
        return null; // Teams refused to say who this is: the caller answers kindly
      }
    }
    if (!email) return null;
    identity = await deps.store.identities.upsert({ platform: 'teams', platformUserId: from.id, email, name, tenantId, conversationRef: ref });
  }
  // The outbox writes to each person on the platform they used last (src/platforms/outbox-router.ts).
  await deps.store.presence.touch(identity.email, 'teams', deps.clock.now());
  const person = deps.school.person(identity.email, identity.name ?? '');
  return { person, reporter: { platform: 'teams', platformUserId: from.id, email: person.email } };
}

/** The tenant of the activity (conversation.tenantId or channelData.tenant.id). */
export function tenantOf(context: TurnContext): string | null {
  const a = context.activity;
  const cd = a.channelData as { tenant?: { id?: string } } | undefined;
  return a.conversation?.tenantId ?? cd?.tenant?.id ?? null;
}
