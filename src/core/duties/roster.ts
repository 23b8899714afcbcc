/**
 * Roster sync, the same for every platform: the people a platform's staff team or channel lists
 * become staff records, and people gone from it are marked as left. The platform reads its roster
 * (src/platforms/teams/roster.ts, src/platforms/slack/roster.ts) and hands over plain members.
 */
import type { CoreDeps } from '../deps';
import { localDate } from './dates';
import { syncReminders } from './sweep';

/**
 * Roster sync: members of the staff team (school file duties.staff_team_id, or any team when
 * unset; Slack passes its staff channel as `wanted`) become staff records. The first day the bot
 * reads a roster, everyone in it is existing staff: no start date, so the grace period applies
 * (duties.new_staff_grace_days). Someone who appears after that day is a newcomer, whose
 * induction duties fall due from the day first seen (002 §6: the AUA before contact with pupils).
 */
export async function recordRosterStaff(deps: CoreDeps, members: { email?: string; userPrincipalName?: string; name?: string }[], teamId: string | null, wanted: string | undefined = deps.school.duties.staff_team_id): Promise<number> {
  if (wanted && teamId !== wanted) return 0;
  const now = deps.clock.now();
  const today = localDate(now, deps.school.timezone);
  const roster = (await deps.store.staff.list()).filter((r) => r.source === 'roster');
  const baseline = roster.every((r) => localDate(r.createdAt, deps.school.timezone) === today);
  let added = 0;
  for (const m of members) {
    const email = (m.email || m.userPrincipalName || '').toLowerCase();
    if (!email) continue;
    const known = deps.school.person(email, m.name ?? '');
    if (await deps.store.staff.addIfMissing({ email, name: known.name, role: known.roles[0] ?? 'staff', startDate: baseline ? null : today, source: 'roster', createdAt: now, updatedAt: now })) added++;
  }
  if (added > 0) await syncReminders(deps, now);
  return added;
}

/** Roster leavers: people gone from the staff team or channel keep their record, marked as left today; their reminders stop. */
export async function recordRosterLeavers(deps: CoreDeps, emails: string[], teamId: string | null, wanted: string | undefined = deps.school.duties.staff_team_id): Promise<number> {
  if (wanted && teamId !== wanted) return 0;
  const now = deps.clock.now();
  let left = 0;
  for (const email of emails) if (await deps.store.staff.setLeft(email.toLowerCase(), localDate(now, deps.school.timezone), now)) left++;
  if (left > 0) await syncReminders(deps, now);
  return left;
}
