/**
 * Urgent paging as data: an urgent incident carries pageLevel and nextPageAt; this sweep pages
 * again when nobody acknowledged in time. Idempotent, and safe with two instances running: the
 * optimistic version on the incident lets exactly one of them move each level.
 */
import type { CoreDeps } from '../deps';
import { pageRound, routeReport } from '../routing/route';
import { subjectsOf } from '../people/subject';
import { enqueue, enqueueRefresh, MESSAGE_KINDS } from '../notify/enqueue';

/** Stop re-paging after this many rounds; the channel card and the record stay. */
export const MAX_PAGE_LEVEL = 4;

/** Re-pages every urgent, unacknowledged incident that is due; returns how many were re-paged. */
export async function sweepUrgentPages(deps: CoreDeps, limit = 50): Promise<number> {
  const { store, school, clock } = deps;
  const now = clock.now();
  const ackMs = school.file.reporting.urgent_acknowledge_minutes * 60_000;
  let paged = 0;
  for (const due of await store.incidents.listDuePages(now, limit)) {
    const done = await store.transaction(async (tx) => {
      const incident = await tx.incidents.get(due.id);
      if (!incident || incident.status !== 'reported' || !incident.nextPageAt || incident.nextPageAt > now) return false;
      const level = incident.pageLevel + 1;
      // Missed sweeps (the bot was down) catch up with one page, not one per missed interval.
      const saved = await tx.incidents.update({ ...incident, pageLevel: level, nextPageAt: level >= MAX_PAGE_LEVEL ? null : new Date(now.getTime() + ackMs) });
      if (!saved) return false; // another instance moved it first
      const subjects = subjectsOf(school, incident);
      // Issue #2: unacknowledged urgent DSL-team concerns go again, and to the headteacher.
      // Issue #7: an unacknowledged urgent allegation falls back head → chair → named alternate,
      // skipping its subjects and never the DSL team (route.ts decides who).
      const recipients =
        incident.route === 'dsl_team'
          ? routeReport(school, { category: incident.category, urgent: true, subject: null, allegation: false }).repage.filter((p) => !subjects.some((s) => s.email === p.email))
          : pageRound(school, incident.route, subjects, level);
      for (const p of recipients) {
        await enqueue(tx, now, MESSAGE_KINDS.page, { type: 'person', email: p.email }, `page:${incident.id}:${level}:${p.email}`, incident, { level });
      }
      // The reporter of an unacknowledged urgent allegation is given the LADO's number, once.
      if (incident.route !== 'dsl_team') {
        await enqueue(tx, now, MESSAGE_KINDS.reporterFallback, { type: 'person', email: incident.reporterEmail }, `fallback:${incident.id}:not_acknowledged`, incident, { reason: 'not_acknowledged' });
      }
      await tx.events.add({ incidentId: incident.id, at: now, actorEmail: null, type: 'repaged', data: { level, recipients: recipients.length } });
      await enqueueRefresh(tx, now, saved);
      return true;
    });
    if (done) paged++;
  }
  return paged;
}

/** Purges abandoned drafts past their expiry (school file: reporting.draft_expiry_hours). */
export async function purgeAbandonedDrafts(deps: CoreDeps): Promise<number> {
  return deps.store.drafts.purgeExpired(deps.clock.now());
}
