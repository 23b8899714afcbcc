/**
 * Finding a person the bot has not met yet, so that everyone can be reached: users.lookupByEmail (scope
 * users:read.email) with the school file's email, in each of the school's workspaces. A found user
 * becomes a stored Slack identity, so the next message goes straight to them without a look-up.
 * Identity is more than an email: a user of a workspace that is not the school's (Enterprise Grid
 * sibling, Slack Connect) is refused, whatever email they show.
 */
import type { webApi } from '@slack/bolt';
import type { CoreDeps } from '../../core/deps';
import type { Identity } from '../../core/model';

/** A final refusal with a code (the outbox takes the fallback route). */
export class LookupRefused extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** One of the school's workspaces as the sender sees it: its Web API client, and the workspace check. */
export interface LookupWorkspace {
  client: webApi.WebClient;
  /** Whether a user's workspace (or org) is one this school serves. */
  allows(ids: { teamId?: string | null; enterpriseId?: string | null }): Promise<boolean>;
}

type FoundUser = { id?: string; team_id?: string; deleted?: boolean; is_bot?: boolean; real_name?: string; profile?: { real_name?: string }; enterprise_user?: { enterprise_id?: string } };

/**
 * Looks `email` up in each workspace in turn and stores the identity of the first match. Throws
 * LookupRefused when no workspace knows the email (users_not_found), or the user found is a bot,
 * deactivated, or in a workspace that is not the school's; a rate limit or outage is thrown as the
 * Web API error, so the outbox retries it (Retry-After honoured).
 */
export async function lookUpByEmail(deps: CoreDeps, email: string, workspaces: LookupWorkspace[]): Promise<Identity> {
  let refusal = 'users_not_found';
  for (const ws of workspaces) {
    let user: FoundUser | undefined;
    try {
      user = (await ws.client.users.lookupByEmail({ email })).user as FoundUser | undefined;
    } catch (err) {
      if ((err as { data?: { error?: string } }).data?.error === 'users_not_found') continue;
      throw err;
    }
    if (!user?.id) continue;
    if (user.deleted || user.is_bot) {
      refusal = 'account_inactive';
      continue;
    }
    if (!(await ws.allows({ teamId: user.team_id, enterpriseId: user.enterprise_user?.enterprise_id }))) {
      refusal = 'SLACK_FOREIGN_WORKSPACE';
      continue;
    }
    const teamId = user.team_id ?? null;
    // The ref marks the person reachable on Slack; the DM channel is opened (conversations.open) next.
    return deps.store.identities.upsert({ platform: 'slack', platformUserId: user.id, email: email.toLowerCase(), name: user.profile?.real_name ?? user.real_name ?? null, tenantId: teamId, conversationRef: { userId: user.id, teamId, foundBy: 'lookupByEmail' } });
  }
  throw new LookupRefused(refusal);
}
