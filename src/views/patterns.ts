/**
 * Issue #11: a pattern alert as the DSL channel reads it — what the pattern is, the references of
 * the concerns and their broad kind, and buttons to the child's chronology and the latest concern,
 * each authorised by the server when pressed. Never a child's name, nor anything a reporter wrote:
 * the channel's history and compliance exports hold no more than its other cards do.
 */
import type { CoreDeps } from '../core/deps';
import type { PatternAlert } from '../core/pupils/model';
import { countsTowardPatterns, usualPerWindow } from '../core/pupils/patterns';
import { kindTitle } from '../core/incidents/kinds';
import { renderPatternAlert, type AdaptiveCard } from '../cards';
import { broadKind, formatWhen } from './incident';

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** How a kind's usual rate reads: "usually about 0.5 per 14 days (over the 182 days before)", or none before. */
export function usualText(usual: number | null, days: number, baselineDays: number | null): string {
  if (!usual) return `none in the ${baselineDays ?? 0} days before`;
  return `usually about ${usual < 10 ? usual.toFixed(1).replace(/\.0$/, '') : Math.round(usual)} per ${days} days (over the ${baselineDays ?? 0} days before)`;
}

/** The title and sentence saying what pattern an alert is (no name: the channel reads these). */
export function patternWords(a: Pick<PatternAlert, 'rule' | 'subject' | 'count' | 'windowDays' | 'baselineCount' | 'baselineDays'>): { title: string; text: string } {
  switch (a.rule) {
    case 'repeated_concerns':
      return {
        title: `Pattern: a pupil's ${ordinal(a.count)} concern in ${a.windowDays} days`,
        text: `One pupil is named in ${a.count} concerns reported to the safeguarding team in the last ${a.windowDays} days. Read them together in the child's chronology: several concerns can show what one does not.`,
      };
    case 'repeated_perpetrator':
      return {
        title: `Pattern: a pupil named as alleged perpetrator ${a.count === 2 ? 'twice' : `${a.count} times`} in ${a.windowDays} days`,
        text: `One pupil is named as alleged perpetrator in ${a.count} concerns reported to the safeguarding team in the last ${a.windowDays} days. Consider child-on-child abuse, and whether the child is at risk themselves (KCSiE Part 5).`,
      };
    case 'kind_spike':
      return {
        title: `Pattern: more concerns of one kind than usual — ${kindTitle(a.subject)}`,
        text: `${a.count} concerns of this kind in the last ${a.windowDays} days; ${usualText(usualPerWindow(a), a.windowDays, a.baselineDays)}. Worth a look across the school (000 part 2: learning from a pattern of incidents).`,
      };
  }
}

/** The alert's card for the DSL channel (or, when the channel cannot be posted, the DSL and deputies). */
export async function patternAlertCard(deps: CoreDeps, alert: PatternAlert): Promise<AdaptiveCard> {
  const { title, text } = patternWords(alert);
  // A kind spike lists no references: the channel would learn each concern's exact kind, more than its own cards say.
  const listed = alert.rule === 'kind_spike' ? [] : (await deps.store.incidents.getMany(alert.incidentIds)).filter((i) => countsTowardPatterns(deps.school, i));
  return renderPatternAlert({
    title,
    text,
    concerns: listed.map((i) => ({ reference: i.reference, reportedAt: formatWhen(deps.school, i.reportedAt), kindLabel: broadKind(i) })),
    misId: alert.rule === 'kind_spike' ? undefined : alert.subject,
    incidentId: alert.incidentId,
    footer: `Flagged once, ${formatWhen(deps.school, alert.raisedAt)}; not again for the same pattern within ${alert.windowDays} days. The chronology and the concerns open for the safeguarding team only.`,
  });
}
