import assert from 'node:assert/strict';
import type { Incident, IncidentEvent } from '../../src/core/model';
import type { IncidentDossier } from '../../src/core/incident-actions/view';
import { abilities } from '../../src/core/routing/permissions';
import { detailsCard } from '../../src/views/incident';
import { VERBS, type AdaptiveCard } from '../../src/cards';
import { EMAILS, testSchool } from '../helpers/school';
import { newIncident } from '../store/support/fixtures';
import { executesOf, visibleLines } from './walk';

const school = testSchool();
const T = new Date('2026-12-02T10:15:00Z');
const incident = (over: Partial<Incident> = {}): Incident => ({ ...newIncident({ kinds: ['online_bullying'], reporterEmail: EMAILS.teacher, reportedAt: T }), id: '6f1e2d3c-4b5a-4968-8776-655443322110', reference: 'OS-2026-0007', version: 4, ...over });
const notes = (n: number, text = (i: number) => `Note number ${i}.`): IncidentEvent[] =>
  Array.from({ length: n }, (_, i) => ({ id: `e${i}`, incidentId: 'x', at: T, actorEmail: EMAILS.dsl, type: 'add_note', data: { note: text(i + 1) } }));
const dossier = (events: IncidentEvent[], i = incident()): IncidentDossier => ({ incident: i, events, proposals: [], infoRequests: [], can: abilities(school, i, school.person(EMAILS.dsl)) });
const shownNotes = (card: AdaptiveCard) => visibleLines(card).flatMap((l) => /^Note: Note number (\d+)\./.exec(l)?.[1] ?? []).map(Number);
const earlier = (card: AdaptiveCard) => executesOf(card).find((a) => a.verb === VERBS.incidentEarlier);

describe('cards: the details view pages a long chronology', () => {
  it('shows the latest ten entries first, with a Show earlier button carrying only the incident and a position', () => {
    const card = detailsCard(school, dossier(notes(25)), '29:dana');
    assert.deepEqual(shownNotes(card), [16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    assert.ok(visibleLines(card).includes('Entries 16–25 of 25 (oldest first)'));
    assert.deepEqual(earlier(card)?.data, { incidentId: incident().id, before: 15 });
    assert.equal(executesOf(card).some((a) => a.title === 'Show latest'), false, 'the latest page has no way to itself');
  });

  it('goes back page by page to the first entry, offering the latest page from each', () => {
    const middle = detailsCard(school, dossier(notes(25)), '29:dana', 15);
    assert.deepEqual(shownNotes(middle), [6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    assert.ok(executesOf(middle).some((a) => a.verb === VERBS.incidentView && a.title === 'Show latest'));
    const first = detailsCard(school, dossier(notes(25)), '29:dana', 5);
    assert.deepEqual(shownNotes(first), [1, 2, 3, 4, 5]);
    assert.equal(earlier(first), undefined, 'nothing is earlier than the first entry');
  });

  it('has no paging at all when the whole chronology fits on one page', () => {
    const card = detailsCard(school, dossier(notes(7)), '29:dana');
    assert.equal(shownNotes(card).length, 7);
    assert.equal(earlier(card), undefined);
    assert.equal(visibleLines(card).some((l) => l.startsWith('Entries ')), false);
  });

  it('shows fewer entries a page when they are long, and every entry is still reachable', () => {
    const events = notes(12, (i) => `Note number ${i}. ${'电话记录，'.repeat(1300)}`);
    const seen: number[] = [];
    let card = detailsCard(school, dossier(events), '29:dana');
    for (let guard = 0; guard < 20; guard++) {
      assert.ok(Buffer.byteLength(JSON.stringify(card)) <= 26 * 1024 || shownNotes(card).length === 1, 'a page aims under Teams’ limit');
      seen.unshift(...shownNotes(card));
      const next = earlier(card);
      if (!next) break;
      card = detailsCard(school, dossier(events), '29:dana', Number((next.data as { before: number }).before));
    }
    assert.deepEqual(seen, Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('shows the latest page for a position past the end (a page reference from a stale card)', () => {
    assert.deepEqual(shownNotes(detailsCard(school, dossier(notes(12)), '29:dana', 999)), [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
});
