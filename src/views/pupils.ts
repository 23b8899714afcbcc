/**
 * A child's chronology and the pupils a name matches (issue #11), from what the core loaded for a
 * member of the DSL team already authorised. Teams sends these cards; Slack shows them in a modal.
 */
import type { School } from '../core/people/school';
import type { ChildChronology } from '../core/pupils/chronology';
import { PART_LABELS, pupilChoiceTitle, pupilName, type Pupil, type PupilPart } from '../core/pupils/model';
import { renderPupilChronology, renderPupilMatches, type AdaptiveCard } from '../cards';
import { broadKind, chronologyPage, CHRONOLOGY_PAGE_SIZE, describeEvent, DETAILS_CARD_BYTES, formatWhen, pupilRecordLine, STATUS_LABELS } from './incident';

/** "target", "target and witness", "not given" (a part the reporter left out, or a name the DSL linked). */
export function partsText(parts: (PupilPart | null)[]): string {
  const named = [...new Set(parts.filter((p): p is PupilPart => p !== null).map((p) => PART_LABELS[p]))];
  return named.length ? named.join(' and ') : 'not given';
}

/** The chronology card; `before`: the entries just before this position (a "Show earlier" page), else the latest. */
export function chronologyCard(school: School, c: ChildChronology, before?: number): AdaptiveCard {
  const refs = new Map(c.incidents.map(({ incident }) => [incident.id, incident.reference]));
  const concerns = c.incidents.map(({ incident, parts }) => ({
    incidentId: incident.id,
    reference: incident.reference,
    reportedAt: formatWhen(school, incident.reportedAt),
    statusLabel: STATUS_LABELS[incident.status],
    kindLabel: broadKind(incident),
    partLabel: partsText(parts),
  }));
  const n = c.incidents.length;
  const end = before === undefined ? c.entries.length : Math.min(Math.max(1, Math.floor(before)), c.entries.length);
  const render = (size: number) => {
    const page = chronologyPage(c.entries.length, end, size);
    return renderPupilChronology({
      misId: c.pupil.misId,
      name: pupilName(c.pupil),
      recordLine: pupilRecordLine(c.pupil),
      concernsTitle: n === 1 ? '1 concern' : `${n} concerns`,
      concerns,
      entries: c.entries.slice(page.start, page.end).map((e) => ({
        at: formatWhen(school, e.at),
        reference: refs.get(e.incidentId) ?? '',
        actor: e.actorEmail ? school.person(e.actorEmail).name : 'Safeguard bot',
        text: describeEvent(e),
      })),
      page: page.view,
    });
  };
  // As on the details card: fewer entries a page when long notes make the card heavy, never cut off silently.
  let card = render(CHRONOLOGY_PAGE_SIZE);
  for (const size of [6, 3, 1]) {
    if (Buffer.byteLength(JSON.stringify(card)) <= DETAILS_CARD_BYTES) break;
    card = render(size);
  }
  return card;
}

/** The pupils a search found, each a button to their chronology. */
export function matchesCard(query: string, pupils: Pupil[], more: boolean): AdaptiveCard {
  return renderPupilMatches({ query, pupils: pupils.map((p) => ({ misId: p.misId, title: `${pupilChoiceTitle(p)}${p.leftOn ? ` — left ${p.leftOn}` : ''}` })), more });
}
