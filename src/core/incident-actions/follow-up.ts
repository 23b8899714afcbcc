/**
 * The follow-up a concern's record holds (issue #11), as 002 appendix J "Immediate action taken"
 * asks: parents/carers informed (who, when — or the reason they were not, e.g. it would put the child
 * at risk: KCSiE Part 2, information sharing), safeguarding advice sought (from whom), reported to the
 * platform or app, sanctions, support offered, the response in the wider community, and whether the
 * online safety policy or the filtering needs reviewing. Each recording is a chronology entry (who,
 * when); the details view shows the latest answer to each, with who gave it.
 */
import type { CoreDeps } from '../deps';
import type { IncidentEvent, Person } from '../model';
import { checkRecordWrite } from './record-write';
import { enqueueRefresh } from '../notify/enqueue';
import { isLocalDate, localDate } from '../duties/dates';

/** The follow-up form's inputs. */
export const FOLLOW_UP_INPUTS = {
  parents: 'fu_parents',
  parentsWho: 'fu_parents_who',
  parentsWhen: 'fu_parents_when',
  parentsReason: 'fu_parents_reason',
  advice: 'fu_advice',
  platform: 'fu_platform',
  sanctions: 'fu_sanctions',
  support: 'fu_support',
  community: 'fu_community',
  /** Multi-select: 'policy', 'filtering'. */
  reviews: 'fu_reviews',
} as const;

/** The free-text answers, each with how the record names it (002 appendix J). */
export const FOLLOW_UP_TEXTS = [
  { key: 'advice', input: FOLLOW_UP_INPUTS.advice, label: 'Safeguarding advice sought from' },
  { key: 'platform', input: FOLLOW_UP_INPUTS.platform, label: 'Reported to the platform or app' },
  { key: 'sanctions', input: FOLLOW_UP_INPUTS.sanctions, label: 'Sanctions' },
  { key: 'support', input: FOLLOW_UP_INPUTS.support, label: 'Support offered' },
  { key: 'community', input: FOLLOW_UP_INPUTS.community, label: 'Response in the wider community' },
] as const;

type TextKey = (typeof FOLLOW_UP_TEXTS)[number]['key'];

/** One recording of follow-up: only what was given this time. */
export interface FollowUp extends Partial<Record<TextKey, string>> {
  parents?: { informed: true; who: string; when: string } | { informed: false; reason: string };
  policyReview?: boolean;
  filteringReview?: boolean;
}

export type FollowUpOutcome =
  | { status: 'ok'; message: string }
  | { status: 'duplicate' | 'stale' | 'forbidden' | 'not_found' }
  | { status: 'refused'; reason: string }
  | { status: 'invalid'; errors: Record<string, string> };

const MAX = 2000;
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
/** A multi-select's values: Teams sends "a,b", Slack's checkboxes an array. */
const values = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? v.split(',') : []);

/** Reads the form: what was given, or what to ask again (every message kind, none of them a blame). */
export function readFollowUp(inputs: Record<string, unknown>, today: string): { ok: true; followUp: FollowUp } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const f: FollowUp = {};
  const parents = text(inputs[FOLLOW_UP_INPUTS.parents]);
  if (parents === 'informed') {
    const who = text(inputs[FOLLOW_UP_INPUTS.parentsWho]);
    const when = text(inputs[FOLLOW_UP_INPUTS.parentsWhen]);
    if (!who) errors[FOLLOW_UP_INPUTS.parentsWho] = 'Please say who was told (for example "Mum, by phone, Mrs Patel").';
    if (!isLocalDate(when)) errors[FOLLOW_UP_INPUTS.parentsWhen] = 'Please give the day they were told.';
    else if (when > today) errors[FOLLOW_UP_INPUTS.parentsWhen] = 'That day is still to come: please give the day they were told.';
    if (who && isLocalDate(when) && when <= today) f.parents = { informed: true, who: who.slice(0, MAX), when };
  } else if (parents === 'not_informed') {
    const reason = text(inputs[FOLLOW_UP_INPUTS.parentsReason]);
    if (!reason) errors[FOLLOW_UP_INPUTS.parentsReason] = 'Please give the reason they were not told (for example: it would put the child at risk).';
    else f.parents = { informed: false, reason: reason.slice(0, MAX) };
  }
  for (const t of FOLLOW_UP_TEXTS) {
    const v = text(inputs[t.input]);
    if (v.length > MAX) errors[t.input] = `Please keep this under ${MAX} characters.`;
    else if (v) f[t.key] = v;
  }
  const reviews = values(inputs[FOLLOW_UP_INPUTS.reviews]);
  if (reviews.includes('policy')) f.policyReview = true;
  if (reviews.includes('filtering')) f.filteringReview = true;
  if (Object.keys(errors).length) return { ok: false, errors };
  if (Object.keys(f).length === 0) return { ok: false, errors: { [FOLLOW_UP_INPUTS.advice]: 'Nothing to record yet: please fill in at least one part of the follow-up.' } };
  return { ok: true, followUp: f };
}

/** Records follow-up on a concern, for those who may write on its record. */
export async function recordFollowUp(deps: CoreDeps, actor: Person, req: { incidentId: string; version: number; inputs: Record<string, unknown>; eventId?: string }): Promise<FollowUpOutcome> {
  const { store, school, clock } = deps;
  return store.transaction(async (tx): Promise<FollowUpOutcome> => {
    const now = clock.now();
    const checked = await checkRecordWrite(tx, school, actor, now, req, 'follow_up');
    if (!checked.ok) return checked.outcome;
    const { incident } = checked;
    const read = readFollowUp(req.inputs, localDate(now, school.timezone));
    if (!read.ok) return { status: 'invalid', errors: read.errors };
    await tx.events.add({ incidentId: incident.id, at: now, actorEmail: actor.email, type: 'follow_up', data: { ...read.followUp } });
    const bumped = await tx.incidents.update(incident);
    if (bumped) await enqueueRefresh(tx, now, bumped);
    return { status: 'ok', message: 'Follow-up recorded.' };
  });
}

/** The latest answer to each part of the follow-up, with the entry that gave it (for the details view). */
export function latestFollowUp(events: IncidentEvent[]): { key: keyof FollowUp; value: unknown; by: string | null; at: Date }[] {
  const latest = new Map<keyof FollowUp, { key: keyof FollowUp; value: unknown; by: string | null; at: Date }>();
  for (const e of events) {
    if (e.type !== 'follow_up') continue;
    for (const [k, v] of Object.entries(e.data)) latest.set(k as keyof FollowUp, { key: k as keyof FollowUp, value: v, by: e.actorEmail, at: e.at });
  }
  const order: (keyof FollowUp)[] = ['parents', 'advice', 'platform', 'sanctions', 'support', 'community', 'policyReview', 'filteringReview'];
  return order.flatMap((k) => (latest.has(k) ? [latest.get(k)!] : []));
}
