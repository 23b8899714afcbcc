/**
 * Abandoned urgent drafts. A report whose author answered "a child is in immediate
 * danger: yes" and then left it unsent is never silently purged: after the school's
 * `reporting.urgent_draft_alert_minutes` of inactivity (or at expiry, whichever comes first) the
 * people it would page are told who started it and when — never what it says, which stays the
 * reporter's until sent (KCSiE Part 4 confidentiality) — and the reporter is reminded once.
 * Timers are data on the draft (dangerAlertedAt, reporterRemindedAt); this sweep is idempotent and
 * safe with two instances: the conditional mark lets exactly one of them queue each message.
 */
import type { CoreDeps } from '../deps';
import type { Draft, Person } from '../model';
import type { DraftNotice, Repositories } from '../ports';
import { routeReport, routeRecipients } from '../routing/route';
import { enqueue, MESSAGE_KINDS, type MessageKind } from '../notify/enqueue';
import { resolveSubjects } from '../people/subject';

/** A short code for a draft that the team and the reporter can both quote (e.g. D-3F9A2C): a reference, never its text. */
export function draftCode(draftId: string): string {
  return `D-${draftId.replace(/[^0-9a-z]/gi, '').slice(0, 6).toUpperCase()}`;
}

/**
 * Who hears of an abandoned urgent draft: whoever it would page if it were sent now (the same
 * routing as a submitted report, so a concern about a member of staff never reaches them or the
 * DSL channel), never the reporter; the DSL team when that route has nobody.
 */
export function urgentDraftRecipients(deps: CoreDeps, draft: Draft): Person[] {
  const category = draft.category ?? 'other';
  // As submitReport routes it: every adult named so far is left out of everything about it.
  const subjects = resolveSubjects(deps.school, category, draft.answers);
  const [subject, ...otherSubjects] = subjects.people;
  const plan = routeReport(deps.school, { category, urgent: true, subject: subject ?? null, otherSubjects, allegation: subjects.allegation });
  const people = plan.page.length ? plan.page : routeRecipients(deps.school, 'dsl_team', subjects.people);
  return people.filter((p) => p.email !== draft.reporterEmail);
}

/** What the outbox rows carry: references and times only, so they can be sent even after the draft is purged. */
function payloadOf(draft: Draft): Record<string, unknown> {
  return {
    draftId: draft.id,
    code: draftCode(draft.id),
    platform: draft.platform,
    reporterEmail: draft.reporterEmail,
    startedAt: draft.createdAt.getTime(),
    lastTouchedAt: draft.updatedAt.getTime(),
  };
}

const NOTICES: { notice: DraftNotice; queue: (tx: Repositories, deps: CoreDeps, now: Date, draft: Draft) => Promise<void> }[] = [
  {
    notice: 'dangerAlertedAt',
    async queue(tx, deps, now, draft) {
      for (const p of urgentDraftRecipients(deps, draft)) await send(tx, now, MESSAGE_KINDS.dslUrgentDraft, p.email, `urgent-draft:${draft.id}:alert:${p.email}`, draft);
    },
  },
  {
    notice: 'reporterRemindedAt',
    async queue(tx, _deps, now, draft) {
      // The button reopens the draft on the platform it lives on: the outbox tries that one first.
      await send(tx, now, MESSAGE_KINDS.reporterUrgentDraft, draft.reporterEmail, `urgent-draft:${draft.id}:reminder`, draft, { pinPlatform: draft.platform });
    },
  },
];

function send(tx: Repositories, now: Date, kind: MessageKind, email: string, dedupeKey: string, draft: Draft, extra: Record<string, unknown> = {}): Promise<boolean> {
  return enqueue(tx, now, kind, { type: 'person', email }, dedupeKey, null, { ...payloadOf(draft), ...extra });
}

/** Alerts and reminds for every urgent draft idle past the school's limit (or at expiry); returns how many notices were queued. */
export async function sweepAbandonedUrgentDrafts(deps: CoreDeps, limit = 50): Promise<number> {
  const { store, clock, school } = deps;
  const now = clock.now();
  const idleBefore = new Date(now.getTime() - school.file.reporting.urgent_draft_alert_minutes * 60_000);
  let queued = 0;
  for (const { notice, queue } of NOTICES) {
    for (const due of await store.drafts.listUrgentIdle(notice, idleBefore, now, limit)) {
      const done = await store.transaction(async (tx) => {
        // The mark and its messages land together; another sweeper's mark makes this one a no-op.
        if (!(await tx.drafts.markNotified(due.id, notice, now))) return false;
        const draft = (await tx.drafts.get(due.id)) ?? due;
        await queue(tx, deps, now, draft);
        return true;
      });
      if (done) queued++;
    }
  }
  return queued;
}
