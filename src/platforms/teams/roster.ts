/**
 * Proactive reach: the DSL team channel's reference when the bot sees it, and people seen in a
 * team roster, so the bot can message them before they have ever opened a chat with it.
 */
import { TeamsInfo, TurnContext, type TeamsChannelAccount } from 'botbuilder';
import type { CoreDeps } from '../../core/deps';
import type { Logger } from '../../log';
import { tenantOf } from './identity';
import { recordRosterLeavers, recordRosterStaff } from '../../actions/duties';

/** The key under which the DSL team channel's reference is stored. */
export const DSL_CHANNEL_KEY = 'dsl_channel';

/** Stores the DSL team channel reference when an activity comes from that channel. */
export async function captureChannel(deps: CoreDeps, context: TurnContext): Promise<void> {
  const configured = deps.school.file.safeguarding_team.teams?.channel_id;
  const a = context.activity;
  const cd = a.channelData as { channel?: { id?: string }; teamsChannelId?: string } | undefined;
  const channelId = cd?.channel?.id ?? cd?.teamsChannelId ?? a.conversation?.id?.split(';')[0];
  if (!configured || channelId !== configured) return;
  const ref = TurnContext.getConversationReference(a) as Record<string, unknown>;
  await deps.store.conversations.save('teams', DSL_CHANNEL_KEY, { ...ref, conversation: { id: configured, isGroup: true, conversationType: 'channel', tenantId: tenantOf(context) } });
}

/** On install or new members, records each member's email and how to reach them (a 1:1 chat is created on first send). */
export async function captureRoster(deps: CoreDeps, context: TurnContext, log: Logger): Promise<void> {
  const a = context.activity;
  const added = a.membersAdded ?? [];
  const botAdded = added.some((m) => m.id === a.recipient?.id);
  const inTeam = a.conversation?.conversationType === 'channel' || Boolean((a.channelData as { team?: unknown } | undefined)?.team);
  let members: TeamsChannelAccount[] = [];
  try {
    if (botAdded && inTeam) {
      let token: string | undefined;
      do {
        const page = await TeamsInfo.getPagedMembers(context, 100, token);
        members.push(...page.members);
        token = page.continuationToken;
      } while (token);
    } else {
      for (const m of added.filter((x) => x.id !== a.recipient?.id)) members.push(await TeamsInfo.getMember(context, m.id));
    }
  } catch (err) {
    log.warn({ code: (err as { statusCode?: number }).statusCode ?? 'ERROR' }, 'could not read the team roster');
    members = [];
  }
  const tenantId = tenantOf(context);
  for (const m of members) {
    const email = (m.email || m.userPrincipalName || '').toLowerCase();
    if (!email || !m.id) continue;
    const roster = { serviceUrl: a.serviceUrl, channelId: 'msteams', bot: a.recipient, user: { id: m.id, name: m.name }, tenantId, roster: true };
    const existing = await deps.store.identities.findByPlatformId('teams', m.id);
    await deps.store.identities.upsert({ platform: 'teams', platformUserId: m.id, email, name: m.name ?? null, tenantId, conversationRef: existing?.conversationRef ? null : roster });
  }
  // Duties: staff-team members become staff records; newcomers' induction runs from today.
  const teamId = (a.channelData as { team?: { id?: string } } | undefined)?.team?.id ?? null;
  await recordRosterStaff(deps, members, teamId);
  // Leavers keep their record, marked as left: their reminders stop (the bot itself leaving is not a leaver).
  const removed = (a.membersRemoved ?? []).filter((m) => m.id !== a.recipient?.id);
  if (removed.length && inTeam) {
    const emails: string[] = [];
    for (const m of removed) {
      const known = await deps.store.identities.findByPlatformId('teams', m.id);
      if (known) emails.push(known.email);
    }
    await recordRosterLeavers(deps, emails, teamId);
  }
}
