/**
 * Pattern alerts to the DSL team (issue #11). A single concern can look small; several together
 * are what a DSL must notice (000 part 2: "learning from the incident (or pattern of incidents)";
 * KCSiE Part 2 record keeping: a chronology shows what one record cannot; DOMAIN.md: spotting
 * patterns across records is what DSLs say they struggle with). Three rules, thresholds in the
 * school file's `patterns:` (./pattern-settings.ts):
 *
 * - repeated_concerns: a pupil named in their Nth concern within a window;
 * - repeated_perpetrator: a pupil named as alleged perpetrator more than once within a window
 *   (KCSiE Part 5: a child who harms others may be at risk themselves, and repeated harm to others
 *   is child-on-child abuse to act on, not separate incidents);
 * - kind_spike: a kind of concern rising well above its usual rate.
 *
 * Only concerns routed to the DSL team (and about nobody who reads the DSL channel) count, so an
 * allegation routed to the headteacher is neither counted nor hinted at in the channel.
 * The rules are pure functions of the concerns and the clock; `checkPatternsAfterReport` and
 * `checkPupilPatterns` run them inside the transaction that made the change (a report, or a DSL
 * linking a typed name to a pupil), recording each alert once, a chronology entry on the concern
 * that tripped it, and an outbox row to the DSL channel in the same commit.
 */
import type { Incident } from '../model';
import type { Repositories } from '../ports';
import type { School } from '../people/school';
import { subjectsOf } from '../people/subject';
import { enqueue, MESSAGE_KINDS } from '../notify/enqueue';
import { pupilName, type PatternAlert, type PatternRule, type PupilLink } from './model';
import type { ReportedKinds } from './ports';
import type { PatternSettings } from './pattern-settings';

const DAY_MS = 86_400_000;

/** A concern as a rule counts it. */
export interface CountedConcern {
  incidentId: string;
  reportedAt: Date;
}

/** What a rule found: a pattern, with the concerns that make it. */
export type PatternFinding = Omit<PatternAlert, 'id' | 'incidentId' | 'raisedAt'>;

/** Whether a concern may count towards a pattern told to the DSL channel: routed to the DSL team, and about nobody who can read the channel. */
export function countsTowardPatterns(school: School, incident: Pick<Incident, 'route' | 'category' | 'answers' | 'subjectEmail'>): boolean {
  return incident.route === 'dsl_team' && !subjectsOf(school, incident).some((s) => school.inDslChannel(s));
}

/**
 * repeated_concerns and repeated_perpetrator: `concerns` are the pupil's concerns that count for the
 * rule; a pattern when the window ending now holds at least `count` of them, the tripping one among them.
 */
export function repeatedFinding(
  rule: Extract<PatternRule, 'repeated_concerns' | 'repeated_perpetrator'>,
  misId: string,
  concerns: readonly CountedConcern[],
  tripId: string,
  cfg: { count: number; days: number; off: boolean },
  now: Date,
): PatternFinding | null {
  if (cfg.off) return null;
  const since = now.getTime() - cfg.days * DAY_MS;
  const inWindow = uniqueSorted(concerns.filter((c) => c.reportedAt.getTime() >= since && c.reportedAt.getTime() <= now.getTime()));
  // A concern outside the window (an old report a DSL links today) changes no pattern.
  if (!inWindow.some((c) => c.incidentId === tripId) || inWindow.length < cfg.count) return null;
  return { rule, subject: misId, incidentIds: inWindow.map((c) => c.incidentId), count: inWindow.length, windowDays: cfg.days, baselineCount: null, baselineDays: null };
}

/**
 * kind_spike: the concerns of `kind` in the last `days` number at least `min_count` and at least
 * `factor` × the usual count per `days`, averaged over the `baseline_days` before them. The usual
 * rate is read only from records the bot holds: with less than one window of them before this one
 * (a school new to the bot), there is no usual rate yet and nothing is flagged.
 */
export function kindSpikeFinding(kind: string, reports: readonly ReportedKinds[], firstReportAt: Date | null, tripId: string, cfg: PatternSettings['kind_spike'], now: Date): PatternFinding | null {
  if (cfg.off || !firstReportAt) return null;
  const windowMs = cfg.days * DAY_MS;
  const recentStart = now.getTime() - windowMs;
  const baselineStart = Math.max(recentStart - cfg.baseline_days * DAY_MS, firstReportAt.getTime());
  const baselineDays = Math.floor((recentStart - baselineStart) / DAY_MS);
  if (baselineDays < cfg.days) return null;
  const ofKind = reports.filter((r) => r.kinds.includes(kind));
  const recent = uniqueSorted(ofKind.filter((r) => r.reportedAt.getTime() >= recentStart && r.reportedAt.getTime() <= now.getTime()).map((r) => ({ incidentId: r.id, reportedAt: r.reportedAt })));
  if (!recent.some((c) => c.incidentId === tripId)) return null;
  const baselineCount = ofKind.filter((r) => r.reportedAt.getTime() >= baselineStart && r.reportedAt.getTime() < recentStart).length;
  const usual = (baselineCount * cfg.days) / baselineDays;
  if (recent.length < cfg.min_count || recent.length < cfg.factor * usual) return null;
  return { rule: 'kind_spike', subject: kind, incidentIds: recent.map((c) => c.incidentId), count: recent.length, windowDays: cfg.days, baselineCount, baselineDays };
}

/** A pattern already flagged within its window is not flagged again: one alert per occurrence, however many concerns follow. */
export function flaggedAlready(previous: Pick<PatternAlert, 'raisedAt'> | null, windowDays: number, now: Date): boolean {
  return previous !== null && previous.raisedAt.getTime() > now.getTime() - windowDays * DAY_MS;
}

/** The usual count per window a kind_spike alert compared against (e.g. 0.5 per 14 days). */
export function usualPerWindow(a: Pick<PatternAlert, 'baselineCount' | 'baselineDays' | 'windowDays'>): number | null {
  return a.baselineCount === null || !a.baselineDays ? null : (a.baselineCount * a.windowDays) / a.baselineDays;
}

/** The pupil's concerns each pupil rule counts: any part but witness alone; and as alleged perpetrator. */
export function concernsByRule(links: readonly PupilLink[], incidents: readonly Pick<Incident, 'id' | 'reportedAt'>[]): Record<'repeated_concerns' | 'repeated_perpetrator', CountedConcern[]> {
  const parts = new Map<string, (PupilLink['part'])[]>();
  for (const l of links) parts.set(l.incidentId, [...(parts.get(l.incidentId) ?? []), l.part]);
  const concern = (i: Pick<Incident, 'id' | 'reportedAt'>): CountedConcern => ({ incidentId: i.id, reportedAt: i.reportedAt });
  return {
    // A child who only saw it happen is not the concern's subject.
    repeated_concerns: incidents.filter((i) => (parts.get(i.id) ?? []).some((p) => p !== 'witness')).map(concern),
    repeated_perpetrator: incidents.filter((i) => (parts.get(i.id) ?? []).includes('alleged_perpetrator')).map(concern),
  };
}

/**
 * After a report is committed, in its transaction: the pupil rules for every pupil it names, and
 * kind_spike for each of its kinds. Returns the alerts raised (none twice).
 */
export async function checkPatternsAfterReport(tx: Repositories, school: School, now: Date, incident: Incident): Promise<PatternAlert[]> {
  if (!countsTowardPatterns(school, incident)) return [];
  const misIds = [...new Set((await tx.pupilLinks.listByIncident(incident.id)).map((l) => l.misId))];
  // Pupils first, then kinds, each sorted: every transaction takes these locks in one order, so none waits on another in a cycle.
  // A report about the same pupil or kind committed alongside waits, then sees this one.
  return [...(await checkPupilPatterns(tx, school, now, incident, misIds)), ...(await checkKindPatterns(tx, school, now, incident))];
}

/** The pupil rules for these pupils of `incident` (after a report, or once a DSL links a typed name to a pupil), in the caller's transaction. */
export async function checkPupilPatterns(tx: Repositories, school: School, now: Date, incident: Incident, misIds: readonly string[]): Promise<PatternAlert[]> {
  const cfg = school.patterns;
  if ((cfg.repeated_concerns.off && cfg.repeated_perpetrator.off) || !countsTowardPatterns(school, incident)) return [];
  await tx.patternAlerts.lockSubjects(misIds.map(pupilKey));
  const raised: PatternAlert[] = [];
  for (const misId of misIds) {
    const links = await tx.pupilLinks.listByPupil(misId);
    const counted = (await tx.incidents.getMany([...new Set(links.map((l) => l.incidentId))])).filter((i) => countsTowardPatterns(school, i));
    const byRule = concernsByRule(links, counted);
    for (const rule of ['repeated_concerns', 'repeated_perpetrator'] as const) {
      const found = repeatedFinding(rule, misId, byRule[rule], incident.id, cfg[rule], now);
      const alert = found && (await raise(tx, now, incident, found));
      if (alert) raised.push(alert);
    }
  }
  return raised;
}

/** kind_spike for each kind of `incident`, in the caller's transaction. */
export async function checkKindPatterns(tx: Repositories, school: School, now: Date, incident: Incident): Promise<PatternAlert[]> {
  const cfg = school.patterns.kind_spike;
  if (cfg.off || incident.kinds.length === 0 || !countsTowardPatterns(school, incident)) return [];
  // Cheap checks first, without a lock, so the common report (no spike, or one already flagged) costs two small reads
  // and never queues behind other reports of its kind: a kind flagged within its window, or with fewer than
  // min_count reports in the recent window, cannot alert now. Only a likely spike takes the lock and reads the baseline.
  // (Reports committed at the same instant that only together reach min_count are counted by the kind's next report.)
  const unflagged: string[] = [];
  for (const kind of new Set(incident.kinds)) if (!flaggedAlready(await tx.patternAlerts.latest('kind_spike', kind), cfg.days, now)) unflagged.push(kind);
  if (unflagged.length === 0) return [];
  const recent = await tx.patternAlerts.dslReportsSince(new Date(now.getTime() - cfg.days * DAY_MS));
  const likely = unflagged.filter((kind) => recent.filter((r) => r.kinds.includes(kind)).length >= cfg.min_count);
  if (likely.length === 0) return [];
  await tx.patternAlerts.lockSubjects(likely.map(kindKey));
  const reports = await tx.patternAlerts.dslReportsSince(new Date(now.getTime() - (cfg.days + cfg.baseline_days) * DAY_MS));
  const first = await tx.patternAlerts.firstDslReportAt();
  const raised: PatternAlert[] = [];
  for (const kind of likely) {
    const found = kindSpikeFinding(kind, reports, first, incident.id, cfg, now);
    const alert = found && (await raise(tx, now, incident, found));
    if (alert) raised.push(alert);
  }
  return raised;
}

/** Records the alert once, its entry in the tripping concern's chronology, and the message to the DSL channel. */
async function raise(tx: Repositories, now: Date, trip: Incident, found: PatternFinding): Promise<PatternAlert | null> {
  if (flaggedAlready(await tx.patternAlerts.latest(found.rule, found.subject), found.windowDays, now)) return null;
  const alert = await tx.patternAlerts.add({ ...found, incidentId: trip.id, raisedAt: now });
  if (!alert) return null;
  // The record names the pupil (it is read only by those who may open the concern); the channel never does.
  const pupil = found.rule === 'kind_spike' ? null : await tx.pupils.get(found.subject);
  await tx.events.add({
    incidentId: trip.id,
    at: now,
    actorEmail: null,
    type: 'pattern_alert',
    data: { alertId: alert.id, rule: alert.rule, subject: alert.subject, count: alert.count, windowDays: alert.windowDays, baselineCount: alert.baselineCount, baselineDays: alert.baselineDays, pupil: pupil ? pupilName(pupil) : null },
  });
  await enqueue(tx, now, MESSAGE_KINDS.patternAlert, { type: 'dsl_channel' }, `pattern:${alert.id}:channel`, trip, { alertId: alert.id });
  return alert;
}

const pupilKey = (misId: string) => `pupil:${misId}`;
const kindKey = (kind: string) => `kind:${kind}`;

/** Concerns oldest first, each once. */
function uniqueSorted(concerns: CountedConcern[]): CountedConcern[] {
  const seen = new Set<string>();
  return [...concerns]
    .sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime() || a.incidentId.localeCompare(b.incidentId))
    .filter((c) => (seen.has(c.incidentId) ? false : (seen.add(c.incidentId), true)));
}
