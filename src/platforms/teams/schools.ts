/**
 * Issue #10: which school of the deployment a Teams activity is for, failing closed. A tenant named by
 * one school is that school's. Where several schools of a trust share one Microsoft 365 tenant, a channel
 * is the school's whose DSL channel or `team_ids` it is, and a 1:1 chat the school that knows the person
 * (as a colleague who wrote before, in its people or staff list, or by its staff email domain). When the
 * bot cannot tell — or the person is known at several schools — nothing is looked up in any school's
 * records beyond that, nothing is stored, and the person is told kindly what to do instead.
 */
import { ActivityTypes, TeamsInfo, type Activity, type TurnContext } from 'botbuilder';
import type { Config } from '../../config';
import type { CoreDeps } from '../../core/deps';
import type { LimitedLog } from '../../log';
import { tenantAllowed, tenantOfActivity } from './tenants';

/** One school as the Teams route sees it: its deps and the turn logic bound to them. */
export interface TeamsSchool {
  id: string;
  deps: CoreDeps;
  logic: (context: TurnContext) => Promise<void>;
}

/** Why no school was found: a place (channel, group chat) no school claims, a person no school knows, or one several do. */
export type NoSchool = 'place' | 'person' | 'several';

type Found = { school: TeamsSchool } | { none: NoSchool };

const SAY: Record<NoSchool, string> = {
  place:
    "Sorry — several schools share this Microsoft 365 organisation and this team is not linked to one of them, so I can't take anything here. Please message me directly (Apps → Safeguard), or tell your DSL in person. Nothing was recorded.",
  person:
    "Sorry — several schools share this Microsoft 365 organisation and I can't tell which one you work at, so I can't take a report here. Please tell your school's DSL in person now, and ask your IT lead to add you to your school's staff list. Nothing was recorded.",
  several:
    "Sorry — you're listed at more than one school in this trust, so I can't tell which school this is for. Please tell the DSL of the school concerned in person now. Nothing was recorded.",
};

export class TeamsSchools {
  constructor(
    private readonly schools: TeamsSchool[],
    private readonly config: Pick<Config, 'MicrosoftAppType' | 'MicrosoftAppTenantId'>,
    private readonly log: LimitedLog,
  ) {}

  /** Whether any school names the tenant (an activity from any other tenant is a stranger's). */
  allows(tenant: string | null): boolean {
    return this.schools.some((s) => tenantAllowed(s.deps.school, this.config, tenant));
  }

  /** The whole turn: the school's own logic, or a kind refusal when the school cannot be told. */
  async turn(context: TurnContext): Promise<void> {
    const found = await this.find(context);
    if ('school' in found) return found.school.logic(context);
    this.log('warn', 'TEAMS_SCHOOL_UNKNOWN', 'activity in a shared tenant that no single school claims: refused', { reason: found.none });
    return unknownSchoolTurn(context, found.none);
  }

  /** The school an activity is for (exported for tests through the class). */
  async find(context: TurnContext): Promise<Found> {
    const a = context.activity;
    const tenant = tenantOfActivity(a);
    const candidates = this.schools.filter((s) => tenantAllowed(s.deps.school, this.config, tenant));
    if (candidates.length === 1) return { school: candidates[0] };
    // The route answers a stranger before this; an empty list here is a place nobody claims.
    if (candidates.length === 0) return { none: 'place' };
    const personal = a.conversation?.conversationType === 'personal';
    const place = placeOf(a);
    if (!personal) {
      const byPlace = candidates.filter((s) => claimsPlace(s, place));
      return byPlace.length === 1 ? { school: byPlace[0] } : { none: 'place' };
    }
    const fromId = a.from?.id;
    if (!fromId) return { none: 'person' };
    // A colleague who wrote before is known by their Teams id in exactly the school that took them.
    const known = await filterAsync(candidates, async (s) => (await s.deps.store.identities.findByPlatformId('teams', fromId)) !== null);
    if (known.length === 1) return { school: known[0] };
    if (known.length > 1) return { none: 'several' };
    let email: string | null;
    try {
      const member = await TeamsInfo.getMember(context, fromId);
      email = (member.email || member.userPrincipalName || '').toLowerCase() || null;
    } catch {
      email = null;
    }
    if (!email) return { none: 'person' };
    const byEmail = await filterAsync(candidates, (s) => knowsEmail(s.deps, email));
    if (byEmail.length === 1) return { school: byEmail[0] };
    return { none: byEmail.length > 1 ? 'several' : 'person' };
  }
}

/** The team, channel and conversation (without `;messageid=`) an activity comes from. */
function placeOf(a: Partial<Activity>): { team: string | null; channel: string | null; conversation: string | null } {
  const cd = a.channelData as { team?: { id?: unknown }; channel?: { id?: unknown } } | undefined;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return { team: str(cd?.team?.id), channel: str(cd?.channel?.id), conversation: str(a.conversation?.id?.split(';')[0]) };
}

/** Whether a school names the place: its DSL channel, or one of its teams. */
function claimsPlace(s: TeamsSchool, place: ReturnType<typeof placeOf>): boolean {
  const t = s.deps.school.file.safeguarding_team.teams;
  if (!t) return false;
  if (place.channel === t.channel_id || place.conversation === t.channel_id) return true;
  const teams = t.team_ids ?? [];
  return [place.team, place.channel, place.conversation].some((id) => id !== null && teams.includes(id));
}

/** Whether a school knows this email: in its people, its staff list, or by its staff email domain. */
async function knowsEmail(deps: CoreDeps, email: string): Promise<boolean> {
  const file = deps.school.file;
  if (file.people.some((p) => p.email === email)) return true;
  const domain = email.split('@')[1] ?? '';
  if ((file.safeguarding_team.teams?.email_domains ?? []).includes(domain)) return true;
  return (await deps.store.staff.get(email)) !== null;
}

async function filterAsync<T>(xs: T[], keep: (x: T) => Promise<boolean>): Promise<T[]> {
  const kept = await Promise.all(xs.map(keep));
  return xs.filter((_, i) => kept[i]);
}

/** A kind word for a message in a 1:1 chat or a mention, a typed error for a card action, nothing else. */
export async function unknownSchoolTurn(context: TurnContext, why: NoSchool): Promise<void> {
  const a = context.activity;
  if (a.type === ActivityTypes.Message) {
    await context.sendActivity(SAY[why]);
  } else if (a.type === ActivityTypes.Invoke) {
    const body = { statusCode: 403, type: 'application/vnd.microsoft.error', value: { code: 'SCHOOL_UNKNOWN', message: SAY[why] } };
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
  }
}
