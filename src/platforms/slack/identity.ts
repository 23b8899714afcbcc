/**
 * Who is clicking: Slack gives a workspace user id; people are joined across platforms by email,
 * read once with users.info (scope users:read.email) and kept as a Slack identity.
 */
import type { webApi } from '@slack/bolt';
import type { CoreDeps } from '../../core/deps';
import type { Person } from '../../core/model';
import type { Reporter } from '../../core/incidents/report-flow';

export interface SlackSender {
  person: Person;
  reporter: Reporter;
}

/** Resolves a Slack user to a person of the school, or null when Slack will not give their email. */
export async function resolveSlackUser(deps: CoreDeps, client: webApi.WebClient, userId: string, teamId: string | null): Promise<SlackSender | null> {
  let identity = await deps.store.identities.findByPlatformId('slack', userId);
  if (!identity) {
    let email: string | null = null;
    let name: string | null = null;
    try {
      const info = await client.users.info({ user: userId });
      email = info.user?.profile?.email?.toLowerCase() ?? null;
      name = info.user?.profile?.real_name ?? info.user?.real_name ?? null;
      if (info.user?.is_bot || info.user?.deleted) email = null;
    } catch {
      return null; // no email from Slack: the caller answers kindly and changes nothing
    }
    if (!email) return null;
    // The ref marks the person reachable on Slack; the DM channel is opened (conversations.open) on first send.
    identity = await deps.store.identities.upsert({ platform: 'slack', platformUserId: userId, email, name, tenantId: teamId, conversationRef: { userId, teamId } });
  }
  await deps.store.presence.touch(identity.email, 'slack', deps.clock.now());
  const person = deps.school.person(identity.email, identity.name ?? '');
  return { person, reporter: { platform: 'slack', platformUserId: userId, email: person.email } };
}
