/**
 * Roster sync from Slack, so duties reach every member of staff: members of the staff channel (school file
 * duties.slack_staff_channel_id) become staff records, as the Teams team roster does. Read with
 * conversations.members page by page (cursor); users.info only for members not yet known. Slack's
 * rate limits are respected by stopping at the first 429: the next sweep tries again.
 */
import { webApi } from '@slack/bolt';
import type { CoreDeps } from '../../core/deps';
import type { Logger } from '../../log';
import { recordRosterLeavers, recordRosterStaff } from '../../actions/duties';
import { installedBotToken } from './installations';

export interface RosterResult {
  /** Staff records created. */
  added: number;
  /** Members read, with an email. */
  members: number;
  /** False when Slack asked us to slow down (429) or failed part-way: the listing is partial. */
  complete: boolean;
}

/** Reads the staff channel's members and records them as staff; never throws (logs a code). */
export async function syncSlackRoster(deps: CoreDeps, client: webApi.WebClient, log: Logger): Promise<RosterResult> {
  const channel = deps.school.duties.slack_staff_channel_id;
  if (!channel) return { added: 0, members: 0, complete: true };
  const people: { email: string; name?: string }[] = [];
  let complete = true;
  try {
    let cursor: string | undefined;
    const ids: string[] = [];
    do {
      const page = await client.conversations.members({ channel, limit: 200, ...(cursor ? { cursor } : {}) });
      ids.push(...(page.members ?? []));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    for (const id of ids) {
      const known = await deps.store.identities.findByPlatformId('slack', id);
      if (known) {
        people.push({ email: known.email, name: known.name ?? undefined });
        continue;
      }
      const info = await client.users.info({ user: id }).catch((err: { code?: string }) => {
        // Slowing down ends the round; one unreadable member (gone, a bot) is skipped.
        if (err.code === webApi.ErrorCode.RateLimitedError) throw err;
        return null;
      });
      if (!info) continue;
      const email = info.user?.profile?.email?.toLowerCase();
      if (!email || info.user?.is_bot || info.user?.deleted) continue;
      const name = info.user?.profile?.real_name ?? info.user?.real_name ?? null;
      // Reachable on Slack from now on: the DM channel is opened on first send.
      await deps.store.identities.upsert({ platform: 'slack', platformUserId: id, email, name, tenantId: info.user?.team_id ?? null, conversationRef: { userId: id, teamId: info.user?.team_id ?? null } });
      people.push({ email, name: name ?? undefined });
    }
  } catch (err) {
    complete = false;
    const e = err as { code?: string; data?: { error?: string } };
    const code = e.code === webApi.ErrorCode.RateLimitedError ? 'SLACK_RATE_LIMITED' : String(e.data?.error ?? e.code ?? 'ERROR').slice(0, 60);
    log.warn({ code, channel }, 'slack roster sync stopped; the next sweep tries again');
  }
  // Whoever was read is a member: record them even when the listing stopped part-way.
  const added = await recordRosterStaff(deps, people, channel, channel);
  if (complete) await markLeavers(deps, new Set(people.map((p) => p.email)), channel);
  return { added, members: people.length, complete };
}

/** After a complete listing only: roster staff known on Slack who are no longer in the channel have left. */
async function markLeavers(deps: CoreDeps, members: Set<string>, channel: string): Promise<void> {
  const gone: string[] = [];
  for (const r of await deps.store.staff.list()) {
    if (r.source !== 'roster' || r.leftOn || members.has(r.email)) continue;
    if (await deps.store.identities.findByEmail('slack', r.email)) gone.push(r.email);
  }
  if (gone.length) await recordRosterLeavers(deps, gone, channel, channel);
}

/** Builds a Web API client that does not retry by itself (a 429 ends this round) and syncs the roster. */
export async function syncSlackRosterWith(deps: CoreDeps, opts: { botToken?: string; slackApiUrl?: string }, log: Logger): Promise<RosterResult | null> {
  if (!deps.school.duties.slack_staff_channel_id) return null;
  const token = opts.botToken ?? (await installedBotToken(deps, null));
  if (!token) return null;
  const client = new webApi.WebClient(token, { slackApiUrl: opts.slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: webApi.LogLevel.ERROR });
  return syncSlackRoster(deps, client, log);
}
