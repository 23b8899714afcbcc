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

/** How long users.info may take inside a request Slack answers from its ack (Slack gives up after 3 s). */
export const USER_LOOKUP_TIMEOUT_MS = 2000;

/** Resolves a Slack user to a person of the school, or null when Slack will not give their email. */
export async function resolveSlackUser(deps: CoreDeps, client: webApi.WebClient, userId: string, teamId: string | null): Promise<SlackSender | null> {
  const found = await resolveSlackUserWithin(deps, client, userId, teamId, null);
  return found === 'unavailable' ? null : found; // no email from Slack: the caller answers kindly and changes nothing
}

/**
 * As resolveSlackUser, for a request answered in its ack (a modal submission, a picker's options):
 * users.info may take `limitMs` (Slack waits 3 s); when it fails or is late, 'unavailable': the caller asks them to try again.
 */
export async function resolveSlackUserWithin(deps: CoreDeps, client: webApi.WebClient, userId: string, teamId: string | null, limitMs: number | null): Promise<SlackSender | null | 'unavailable'> {
  let identity = await deps.store.identities.findByPlatformId('slack', userId);
  if (!identity) {
    let email: string | null = null;
    let name: string | null = null;
    try {
      const info = await within(client.users.info({ user: userId }), limitMs);
      if (info === 'unavailable') return info;
      email = info.user?.profile?.email?.toLowerCase() ?? null;
      name = info.user?.profile?.real_name ?? info.user?.real_name ?? null;
      if (info.user?.is_bot || info.user?.deleted) email = null;
    } catch {
      return 'unavailable'; // Slack did not answer: the caller answers kindly and changes nothing
    }
    if (!email) return null;
    // The ref marks the person reachable on Slack; the DM channel is opened (conversations.open) on first send.
    identity = await deps.store.identities.upsert({ platform: 'slack', platformUserId: userId, email, name, tenantId: teamId, conversationRef: { userId, teamId } });
  }
  await deps.store.presence.touch(identity.email, 'slack', deps.clock.now());
  const person = deps.school.person(identity.email, identity.name ?? '');
  return { person, reporter: { platform: 'slack', platformUserId: userId, email: person.email } };
}

/** `work`, or 'unavailable' after `limitMs` (the call is abandoned: it only reads). */
async function within<T>(work: Promise<T>, limitMs: number | null): Promise<T | 'unavailable'> {
  if (limitMs === null) return work;
  work.catch(() => undefined); // an abandoned call that fails later is not an unhandled rejection
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'unavailable'>((resolve) => {
    timer = setTimeout(() => resolve('unavailable'), limitMs);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
