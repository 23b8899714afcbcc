/**
 * Incident cards from the stored record: the minimal notification (channel and DMs hold no
 * details) and the details view for one authorised person. Teams sends them; Slack converts them.
 */
import type { Incident, IncidentEvent, Proposal } from '../core/model';
import type { School } from '../core/people/school';
import { formatInstant } from '../core/duties/dates';
import { pupilChoiceTitle, pupilName, type Pupil } from '../core/pupils/model';
import type { IncidentDossier } from '../core/incident-actions/view';
import { DECISION_LABELS, decisionsFor } from '../core/incident-actions/decisions';
import { kindById, kindTitle, FOUR_C_LABELS } from '../core/incidents/kinds';
import { allowedEvents } from '../core/incidents/lifecycle';
import { reviewSections } from '../core/incidents/wizard';
import { deliveredWhom } from '../core/notify/reporter-follow-up';
import { checklistEventText, checklistView } from './checklist';
import { renderAskReporter, renderIncidentDetails, renderIncidentSummary, renderNotice, type AdaptiveCard, type ChronologyPage, type IncidentDetailsData } from '../cards';
import { unlinkedRows } from '../core/pupils/link';
import { tasksSection, tasksView } from './tasks';
import { FOLLOW_UP_TEXTS, latestFollowUp } from '../core/incident-actions/follow-up';

const CATEGORY_LABELS: Record<Incident['category'], string> = {
  pupil: "Concern about a pupil's safety online",
  staff: 'Concern about a member of staff',
  filtering: 'Filtering or monitoring problem',
  other: 'Other concern',
};

/** A pupil as the DSL reads them on a report: name, year and form, MIS id, and the day they left if they have. */
export function pupilRecordLine(p: Pupil): string {
  const where = [p.yearGroup, p.form].filter(Boolean).join(', ');
  return `${pupilName(p)}${where ? `, ${where}` : ''} (MIS id ${p.misId}${p.leftOn ? `; left ${p.leftOn}` : ''})`;
}

/** How each status reads to people, on every card and in Slack's Home tab alike. */
export const STATUS_LABELS: Readonly<Record<Incident['status'], string>> = {
  reported: 'New — not yet acknowledged',
  acknowledged: 'Acknowledged',
  decision_proposed: 'Decision proposed — awaiting approval',
  decided: 'Decided',
  closed: 'Closed',
};

/** KCSiE Part 4: allegations that may meet the harm threshold go to the LADO, typically within one working day. */
const LADO_REMINDER =
  'KCSiE Part 4: if this may meet the harm threshold, consult the LADO (normally within one working day) before any investigation. Do not tell the member of staff concerned. If a child is at immediate risk, call children’s social care and the police now.';

/** The broad kind: category and the 4 Cs, never the details. */
export function broadKind(incident: Incident): string {
  const cs = [...new Set(incident.kinds.map((k) => kindById(k)?.fourC).filter((c): c is NonNullable<typeof c> => Boolean(c)))];
  return cs.length ? `${CATEGORY_LABELS[incident.category]} — ${cs.map((c) => FOUR_C_LABELS[c]).join(', ')}` : CATEGORY_LABELS[incident.category];
}

/** A date-time in the school's time zone, e.g. "Mon 23 Nov 2026, 16:20". */
export function formatWhen(school: School, d: Date): string {
  return formatInstant(d, school.timezone);
}

/** The minimal card for the DSL channel and direct messages. */
export function summaryCard(school: School, incident: Incident, pending: Proposal | null): AdaptiveCard {
  const closed = incident.status === 'closed';
  return renderIncidentSummary({
    incidentId: incident.id,
    version: incident.version,
    reference: incident.reference,
    kindLabel: broadKind(incident),
    urgent: incident.urgent,
    serious: incident.serious,
    reportedAt: formatWhen(school, incident.reportedAt),
    statusLabel: STATUS_LABELS[incident.status],
    ownerName: incident.ownerEmail ? school.person(incident.ownerEmail).name : undefined,
    pendingProposal: pending ? { decisionLabel: DECISION_LABELS[pending.decision], proposedByName: school.person(pending.proposedBy).name } : undefined,
    ladoReminder: incident.category === 'staff' ? LADO_REMINDER : undefined,
    actions: { ack: incident.status === 'reported', own: !closed && !incident.ownerEmail, view: true },
  });
}

/**
 * The details view for one person already authorised by the core (refreshes only for them).
 * `before`: show the chronology entries just before this position (a "Show earlier" page); else the latest.
 */
export function detailsCard(school: School, dossier: IncidentDossier, viewerPlatformId: string, before?: number, viewerEmail?: string): AdaptiveCard {
  const { incident, can } = dossier;
  const allowed = new Set(allowedEvents(incident.status));
  const pending = dossier.proposals.find((p) => p.status === 'pending') ?? null;
  const open = incident.status !== 'closed';
  // The pupils the report names, as the school's records have them (the viewer is authorised to see the report).
  const pupils = { chosen: Object.fromEntries((dossier.pupils ?? []).map((p) => [p.misId, { name: pupilName(p), title: pupilRecordLine(p) }])) };
  const ctx = { people: school.everyone().map((p) => ({ email: p.email, name: p.name })), pupils };
  const sections = reviewSections(incident.category, incident.answers, ctx).map((s) => ({ title: s.title, facts: s.facts }));
  if (dossier.infoRequests.length) {
    sections.push({
      title: 'Questions to the reporter',
      facts: dossier.infoRequests.map((r) => ({ title: r.question, value: r.answer ?? '(no answer yet)' })),
    });
  }
  const linked = linkedSection(school, dossier);
  if (linked) sections.push(linked);
  const now = dossier.viewedAt ?? new Date();
  const followUp = followUpSection(school, dossier.events);
  if (followUp) sections.push(followUp);
  const tasks = tasksSection(school, dossier.tasks ?? [], now);
  if (tasks) sections.push(tasks);
  const entries = dossier.events.filter((e) => e.type !== 'viewed');
  const end = before === undefined ? entries.length : Math.min(Math.max(1, Math.floor(before)), entries.length);
  const render = (size: number) => {
    const page = chronologyPage(entries.length, end, size);
    return renderIncidentDetails({
      incidentId: incident.id,
      version: incident.version,
      reference: incident.reference,
      kindLabel: broadKind(incident),
      urgent: incident.urgent,
      serious: incident.serious,
      statusLabel: STATUS_LABELS[incident.status],
      ownerName: incident.ownerEmail ? school.person(incident.ownerEmail).name : undefined,
      reportedBy: school.person(incident.reporterEmail).name,
      reportedAt: formatWhen(school, incident.reportedAt),
      sections,
      // One page of entries (a card has a size limit); earlier pages are a button away, never cut off silently.
      chronology: entries.slice(page.start, page.end).map((e) => ({ at: formatWhen(school, e.at), actor: e.actorEmail ? school.person(e.actorEmail).name : 'Safeguard bot', text: describeEvent(e) })),
      chronologyPage: page.view,
      pendingProposal: pending ? { decisionLabel: DECISION_LABELS[pending.decision], proposedByName: school.person(pending.proposedBy).name, rationale: pending.rationale } : undefined,
      decisions: decisionsFor(incident).map((d) => ({ value: d, title: DECISION_LABELS[d] })),
      forms: {
        note: open && can.has('add_note'),
        ask: open && can.has('ask_reporter'),
        propose: can.has('propose') && allowed.has('propose') && !pending,
        decide: can.has('decide') && allowed.has('decide'),
        approve: can.has('approve') && Boolean(pending),
        close: open && can.has('close'),
        reopen: !open && can.has('reopen'),
        lado: open && can.has('record_lado'),
        own: open && can.has('take_ownership') && incident.ownerEmail === null,
      },
      // Playbooks: ticking is for those who may write on the record.
      checklist: checklistView(school, incident, dossier.events, open && can.has('add_note'), (d) => formatWhen(school, d)),
      pupilRecords: pupilRecordsView(dossier, open && can.has('add_note')),
      tasks: tasksView(school, dossier, viewerEmail, now, open && can.has('add_note')),
      refreshUserIds: [viewerPlatformId],
    });
  };
  // Fewer entries per page when a checklist or long notes make the card heavy; the rest are a button away.
  let card = render(CHRONOLOGY_PAGE_SIZE);
  for (const size of [6, 3, 1]) {
    if (Buffer.byteLength(JSON.stringify(card)) <= DETAILS_CARD_BYTES) break;
    card = render(size);
  }
  return card;
}

const FOLLOW_UP_LABELS: Record<string, string> = {
  parents: 'Parents or carers',
  ...Object.fromEntries(FOLLOW_UP_TEXTS.map((t) => [t.key, t.label])),
  policyReview: 'Online safety policy',
  filteringReview: 'Filtering or monitoring',
};

/** A follow-up answer in words. */
function followUpValue(key: string, value: unknown): string {
  if (key === 'parents' && value && typeof value === 'object') {
    const p = value as { informed?: boolean; who?: string; when?: string; reason?: string };
    return p.informed ? `Informed on ${p.when}: ${p.who}` : `Not informed — reason: ${p.reason}`;
  }
  if (key === 'policyReview' || key === 'filteringReview') return 'Needs reviewing';
  return String(value);
}

/** Issue #11: what 002 appendix J asks the record to hold, the latest of each with who recorded it and when. */
function followUpSection(school: School, events: IncidentEvent[]): { title: string; facts: { title: string; value: string }[] } | null {
  const facts = latestFollowUp(events).map((f) => ({
    title: FOLLOW_UP_LABELS[f.key] ?? f.key,
    value: `${followUpValue(f.key, f.value)} (${f.by ? school.person(f.by).name : 'Safeguard bot'}, ${formatWhen(school, f.at)})`,
  }));
  return facts.length ? { title: 'Follow-up (002 appendix J)', facts } : null;
}

/** A chronology line for one recording of follow-up: the parts given, in words. */
function followUpText(d: Record<string, unknown>): string {
  return `Follow-up recorded: ${Object.entries(d).map(([k, v]) => `${FOLLOW_UP_LABELS[k] ?? k}: ${followUpValue(k, v)}`).join('; ')}`;
}

/** Issue #11: the names the DSL team linked to pupil records since the report, with who linked them and when. */
function linkedSection(school: School, dossier: IncidentDossier): { title: string; facts: { title: string; value: string }[] } | null {
  const byId = new Map((dossier.pupils ?? []).map((p) => [p.misId, p]));
  const facts = (dossier.links ?? [])
    .filter((l) => l.linkedBy !== null)
    .map((l) => {
      const p = byId.get(l.misId);
      const typed = dossier.incident.answers[`person${l.row}_name`];
      return { title: `“${typeof typed === 'string' ? typed : `Person ${l.row}`}” is`, value: `${p ? pupilRecordLine(p) : `MIS id ${l.misId} (no longer in the school's records)`} — linked by ${school.person(l.linkedBy!).name}, ${formatWhen(school, l.linkedAt)}` };
    });
  return facts.length ? { title: 'Linked to pupil records', facts } : null;
}

/** Issue #11: for the DSL team, a button to each named pupil's chronology, and the form linking a typed name (while the concern is open). */
function pupilRecordsView(dossier: IncidentDossier, mayLink: boolean): IncidentDetailsData['pupilRecords'] {
  if (!dossier.pupilRecords) return undefined;
  const links = dossier.links ?? [];
  const seen = new Set<string>();
  const chronologies = (dossier.pupils ?? [])
    .filter((p) => (seen.has(p.misId) ? false : (seen.add(p.misId), true)))
    .map((p) => ({ misId: p.misId, name: pupilName(p) }));
  const rows = mayLink ? unlinkedRows(dossier.incident, new Set(links.map((l) => l.row))).map((r) => ({ value: String(r.row), title: `${r.name} (person ${r.row})` })) : [];
  const suggestions = (dossier.suggestions ?? []).map((p) => ({ value: p.misId, title: `${pupilChoiceTitle(p)}${p.leftOn ? ` — left ${p.leftOn}` : ''}` }));
  return { chronologies, ...(rows.length ? { link: { rows, suggestions } } : {}) };
}

/** At most this many chronology entries on one details card. */
export const CHRONOLOGY_PAGE_SIZE = 10;

/** Teams refuses a message over about 28 KB (src/platforms/teams/cards.ts): a details card aims under this, leaving room for the activity. */
export const DETAILS_CARD_BYTES = 25 * 1024;

/** The `size` entries just before `end` (oldest first), and the paging line when there is more than one page. */
export function chronologyPage(total: number, end: number, size: number): { start: number; end: number; view?: ChronologyPage } {
  const start = Math.max(0, end - size);
  if (start === 0 && end === total) return { start, end };
  // The reference is a position in the append-only chronology: later entries never move the page.
  return { start, end, view: { summary: `Entries ${start + 1}–${end} of ${total} (oldest first)`, earlierPage: start > 0 ? start : undefined, showLatest: end < total } };
}

const EVENT_TEXT: Record<string, (d: Record<string, unknown>) => string> = {
  reported: () => 'Reported',
  acknowledge: () => 'Acknowledged',
  take_ownership: () => 'Took ownership',
  add_note: (d) => `Note: ${d.note}${d.rationale ? ` — reason: ${d.rationale}` : ''}`,
  record_lado: (d) => `LADO consulted: ${d.note}`,
  ask_reporter: () => 'Asked the reporter for more information',
  info_received: () => 'The reporter answered',
  propose: (d) => `Proposed: ${label(d.decision)} — reason: ${d.rationale}`,
  approve: (d) => `Approved: ${label(d.decision)}${d.rationale ? ` — ${d.rationale}` : ''}`,
  reject: (d) => `Rejected the proposal (${label(d.decision)}) — reason: ${d.rationale}`,
  decide: (d) => `Decided: ${label(d.decision)} — reason: ${d.rationale}`,
  close: (d) => `Closed. Outcome: ${d.outcome} — reason: ${d.rationale}`,
  reopen: (d) => `Reopened — reason: ${d.rationale}`,
  repaged: (d) => `Not acknowledged in time: paged again (round ${d.level})`,
  recipient_unreachable: () => 'A recipient could not be reached by the bot; the fallback route was taken',
  routed_as_allegation: (d) => `Routed as an allegation about an adult (KCSiE Part 4): to ${routeWords(d.route)}, not to the DSL team channel`,
  routed_lado_direct: () => 'Routed to the LADO directly (school setting: head is proprietor, or a conflict of interest); the reporter was given the LADO\'s contact',
  checklist_tick: (d) => checklistEventText('tick', d),
  checklist_untick: (d) => checklistEventText('untick', d),
  follow_up: (d) => followUpText(d),
  task_added: (d) => `Task added: ${d.title} (due ${typeof d.dueAt === 'number' ? new Date(d.dueAt).toISOString().slice(0, 10) : '?'})`,
  task_done: (d) => `Task done: ${d.title} — ${d.note}`,
  task_overdue: (d) => `Task overdue: ${d.title} — the DSL team was told`,
  stale_flagged: () => 'No activity for a while: the owner was reminded',
  pupil_linked: (d) => `Linked “${d.typed}” (person ${d.row}) to the pupil record of ${d.pupil} (MIS id ${d.misId})`,
  pattern_alert: (d) => patternEventText(d),
  unauthorised_attempt: (d) => `Someone without access tried to ${String(d.action).replaceAll('_', ' ')} (refused)`,
};

/** Issue #11: a pattern alert this concern tripped, as the record reads it (for those who may open the concern: it names the pupil). */
function patternEventText(d: Record<string, unknown>): string {
  const who = typeof d.pupil === 'string' && d.pupil ? `${d.pupil}, MIS id ${String(d.subject)},` : `the pupil with MIS id ${String(d.subject)}`;
  const n = Number(d.count);
  const days = Number(d.windowDays);
  if (d.rule === 'repeated_concerns') return `Pattern alert to the DSL team: ${who} is named in ${n} concerns in ${days} days`;
  if (d.rule === 'repeated_perpetrator') return `Pattern alert to the DSL team: ${who} is named as alleged perpetrator in ${n} concerns in ${days} days`;
  const usual = d.baselineDays ? (Number(d.baselineCount) * days) / Number(d.baselineDays) : 0;
  return `Pattern alert to the DSL team: ${n} concerns of “${kindTitle(String(d.subject))}” in ${days} days (usually ${usual ? `about ${usual.toFixed(1).replace(/\.0$/, '')}` : 'none'})`;
}

function routeWords(route: unknown): string {
  return route === 'headteacher' ? 'the headteacher' : route === 'chair_of_governors' ? 'the chair of governors' : route === 'chair_alternate' ? 'the person named for concerns about the chair' : route === 'lado_direct' ? 'the LADO directly' : 'nobody in school (LADO)';
}

function label(decision: unknown): string {
  return DECISION_LABELS[decision as keyof typeof DECISION_LABELS] ?? String(decision);
}

/** How a chronology entry reads to the DSL team. */
export function describeEvent(e: IncidentEvent): string {
  return (EVENT_TEXT[e.type] ?? (() => e.type))(e.data);
}

/**
 * The reporter's feedback when their report is closed (000 part 2: those involved are given
 * feedback): that it is closed, and thanks — never the outcome the DSL recorded (KCSiE Part 4
 * confidentiality; nothing of substance stays in the reporter's chat history).
 */
export function reporterClosedCard(incident: Incident): AdaptiveCard {
  const who = incident.route === 'dsl_team' ? 'The safeguarding team' : 'The person handling it';
  return renderNotice({
    title: `Report ${incident.reference} is closed`,
    text: `${who} has looked into your report and closed it. Thank you for reporting it: it helps keep children safe. If you have a new concern, or something more to add, please report it or speak to the DSL.`,
    style: 'good',
  });
}

/** The reporter's follow-up once the first recipient has their report: the route's role, never a name or an outcome. */
export function reporterDeliveredCard(incident: Incident): AdaptiveCard {
  return renderNotice({
    title: `${deliveredWhom(incident.route)} has your report ${incident.reference}`,
    text: 'It has been delivered to them privately. You do not need to do anything else now; if you remember something more, or are worried, please speak to the DSL.',
    style: 'good',
  });
}

/** The reporter is asked to contact the recipient directly (never a wider audience). */
export function reporterFallbackCard(school: School, incident: Incident, reason: string): AdaptiveCard {
  const lado = school.file.routes.lado;
  const ladoText = lado ? ` You can also contact the LADO (${lado.name}${lado.phone ? `, ${lado.phone}` : ''}).` : '';
  const whom =
    incident.route === 'dsl_team' ? 'the DSL (designated safeguarding lead)' : incident.route === 'headteacher' ? 'the headteacher' : incident.route === 'chair_of_governors' ? 'the chair of governors' : incident.route === 'chair_alternate' ? 'the person named for concerns about the chair' : 'the Local Authority Designated Officer (LADO)';
  // An urgent allegation nobody acknowledged in time: the reporter may go to the LADO now.
  if (reason === 'not_acknowledged') {
    return renderNotice({
      title: `Your urgent report ${incident.reference} has not been acknowledged yet`,
      text: `It has been passed on to the next person who handles concerns about staff. If you are worried, please contact the LADO now${lado ? ` (${lado.name}${lado.phone ? `, ${lado.phone}` : ''}${lado.email ? `, ${lado.email}` : ''})` : ''}. If a child is in immediate danger, call 999.`,
      style: 'attention',
    });
  }
  return renderNotice({
    title: `Please contact ${whom} directly about ${incident.reference}`,
    text: `${reason === 'no_recipient' ? 'There is nobody the bot can send this report to without telling the person it is about.' : `The bot could not reach ${whom}.`} Your report is saved. Please speak to ${whom} in person or by phone today.${ladoText}`,
    style: 'attention',
  });
}

/** A question from the DSL team to the reporter. */
export function askReporterCard(school: School, incident: Incident, request: { id: string; question: string; askedBy: string }): AdaptiveCard {
  return renderAskReporter({ requestId: request.id, reference: incident.reference, question: request.question, askedByName: school.person(request.askedBy).name });
}
