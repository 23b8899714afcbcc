import assert from 'node:assert/strict';
import type { Incident, IncidentEvent } from '../../src/core/model';
import type { IncidentDossier } from '../../src/core/incident-actions/view';
import { abilities } from '../../src/core/routing/permissions';
import { checklistFor } from '../../src/core/playbooks/checklist';
import { detailsCard } from '../../src/views/incident';
import { VERBS } from '../../src/cards';
import { toModal, LIMITS } from '../../src/platforms/slack/blockkit';
import { EMAILS, testSchool } from '../helpers/school';
import { newIncident } from '../store/support/fixtures';
import { executesOf, visibleLines } from './walk';

const school = testSchool({ contacts: { social_care: { name: 'Test Borough MASH', phone: '0161 000 0000' } } });
const bare = testSchool();
const T = new Date('2026-12-02T10:15:00Z');

function incident(over: Partial<Incident> = {}): Incident {
  return { ...newIncident({ kinds: ['sexting'], reporterEmail: EMAILS.teacher, reportedAt: T }), id: '6f1e2d3c-4b5a-4968-8776-655443322110', reference: 'OS-2026-0007', version: 4, ...over };
}

let seq = 0;
const event = (type: string, data: Record<string, unknown>, actorEmail: string | null = EMAILS.dsl, at = T): IncidentEvent => ({ id: `e${++seq}`, incidentId: 'x', at, actorEmail, type, data });

function dossier(i: Incident, events: IncidentEvent[] = [], viewer: string = EMAILS.dsl, s = school): IncidentDossier {
  return { incident: i, events, proposals: [], infoRequests: [], can: abilities(s, i, s.person(viewer)) };
}

describe('cards: the playbook checklist in the details view', () => {
  it('shows the nudes checklist for a sexting report, each step with its source, in the order a DSL works them', () => {
    const lines = visibleLines(detailsCard(school, dossier(incident()), '29:dana'));
    assert.ok(lines.includes('Checklist: Nudes, semi-nudes and indecent images'));
    assert.ok(lines.includes('0 of 9 done. Each tick goes in the chronology with your name and the time.'));
    const steps = lines.filter((l) => l.startsWith('☐ ') || l.startsWith('☑ '));
    assert.equal(steps.length, 9);
    assert.match(steps[0], /^☐ Immediate-referral triggers checked — An adult involved; .* \(UKCIS 2024 .*004 §20\.2 · Contacts: Police, Test Borough MASH\)$/);
    assert.match(steps[1], /^☐ Device secured — Kept safe and not searched/);
    assert.ok(steps.some((l) => /^☐ Report Remove \/ IWF for the young person .*Contacts: Report Remove \(Childline and IWF\), Internet Watch Foundation/.test(l)));
  });

  it('lists the contacts the steps need once, from the school file and the national defaults', () => {
    const lines = visibleLines(detailsCard(school, dossier(incident()), '29:dana'));
    const at = lines.indexOf('Contacts');
    assert.ok(at > 0);
    const contacts = lines.slice(at + 1, lines.indexOf('Chronology'));
    assert.deepEqual(contacts.map((c) => c.split(' — ')[0]), ['Police', 'Test Borough MASH', 'Professionals Online Safety Helpline', 'Report Remove (Childline and IWF)', 'Internet Watch Foundation']);
    assert.ok(contacts.includes('Test Borough MASH — 0161 000 0000'));
  });

  it('says where to add a local contact the school file does not have, rather than leaving it out', () => {
    const lines = visibleLines(detailsCard(bare, dossier(incident(), [], EMAILS.dsl, bare), '29:dana'));
    assert.ok(lines.includes("Children's social care / MASH — not in the school file yet (add contacts.social_care)"), lines.join('\n'));
  });

  it('gives each open step a Mark done button carrying only the incident, its version and the step', () => {
    const card = detailsCard(school, dossier(incident()), '29:dana');
    const ticks = executesOf(card).filter((a) => a.verb === VERBS.incidentTick);
    assert.equal(ticks.length, 9);
    assert.deepEqual(ticks[1].data, { incidentId: '6f1e2d3c-4b5a-4968-8776-655443322110', version: 4, stepId: 'device_secured' });
    assert.ok(ticks.every((a) => a.title === 'Mark done' && a.associatedInputs === 'none'));
  });

  it('shows a ticked step as done, by whom and when, with Untick; an unticked one as open again', () => {
    const later = new Date('2026-12-02T11:00:00Z');
    const events = [event('checklist_tick', { stepId: 'device_secured' }), event('checklist_tick', { stepId: 'parents_informed' }, EMAILS.deputy1), event('checklist_untick', { stepId: 'parents_informed' }, EMAILS.deputy1, later)];
    const card = detailsCard(school, dossier(incident(), events), '29:dana');
    const lines = visibleLines(card);
    assert.ok(lines.some((l) => /^☑ Device secured — .* Done — Dana DSL, Wed,? 2 Dec 2026, 10:15$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^☐ Parents or carers informed/.test(l)));
    assert.ok(lines.includes('1 of 9 done. Each tick goes in the chronology with your name and the time.'));
    assert.deepEqual(executesOf(card).filter((a) => a.verb === VERBS.incidentUntick).map((a) => (a.data as { stepId: string }).stepId), ['device_secured']);
    assert.ok(lines.includes('Checklist: ticked “Device secured”'));
    assert.ok(lines.includes('Checklist: unticked “Parents or carers informed”'));
  });

  it('shows no tick buttons to someone who may only look, or on a closed concern', () => {
    const paged = incident({ urgent: true, pageLevel: 2 });
    const headView = detailsCard(school, dossier(paged, [], EMAILS.head), '29:hana');
    assert.ok(visibleLines(headView).includes('Checklist: Nudes, semi-nudes and indecent images'));
    assert.equal(executesOf(headView).filter((a) => a.verb === VERBS.incidentTick).length, 0);
    const closed = detailsCard(school, dossier(incident({ status: 'closed' })), '29:dana');
    assert.equal(executesOf(closed).filter((a) => a.verb === VERBS.incidentTick || a.verb === VERBS.incidentUntick).length, 0);
  });

  it('shows the allegation checklist, with the LADO, on a staff route and no checklist where no playbook applies', () => {
    const staff = incident({ category: 'staff', kinds: [], route: 'headteacher', subjectEmail: EMAILS.teacher2, subjectName: 'Tara Teacher' });
    const lines = visibleLines(detailsCard(school, dossier(staff, [], EMAILS.head), '29:hana'));
    assert.ok(lines.includes('Checklist: A concern about a member of staff'));
    assert.ok(lines.some((l) => /^☐ LADO consulted .*Contacts: LADO/.test(l)));
    const plain = visibleLines(detailsCard(school, dossier(incident({ kinds: ['copyright'] })), '29:dana'));
    assert.equal(plain.some((l) => l.startsWith('Checklist')), false);
  });

  it('keeps a busy concern (several serious kinds, a full chronology) within Teams’ 28 KB and Slack’s modal limit', () => {
    // An allegation whose report ticked most serious kinds: the longest checklist there can be.
    const busy = incident({ category: 'staff', route: 'headteacher', subjectEmail: EMAILS.teacher2, kinds: ['sexting', 'grooming', 'sextortion', 'self_harm', 'online_bullying', 'terrorist_material'] });
    const events = Array.from({ length: 30 }, (_, i) => event('add_note', { note: `Spoke to the family about the messages (${i}).`, rationale: 'keeping the record' }));
    const card = detailsCard(school, dossier(busy, events, EMAILS.head), '29:hana');
    const bytes = Buffer.byteLength(JSON.stringify(card));
    assert.ok(bytes < 28 * 1024, `${bytes} bytes`);
    const lines = visibleLines(card);
    assert.ok(lines.includes('Note: Spoke to the family about the messages (29). — reason: keeping the record'), 'the latest entry is shown');
    const steps = checklistFor(busy).length;
    assert.ok(steps >= 25, `${steps} steps`);
    assert.equal(lines.filter((l) => l.startsWith('☐ ')).length, steps, 'every step is shown, each once');
    const modal = toModal(card, { title: 'Safeguarding concern', callbackId: 'c', privateMetadata: '{}' });
    const blocks = modal.blocks as { type: string }[];
    assert.ok(blocks.length <= LIMITS.modalBlocks);
    assert.equal(JSON.stringify(blocks).includes('Shortened for Slack'), false, `${blocks.length} blocks: nothing cut`);
  });
});
