import assert from 'node:assert/strict';
import { openStore } from '../../../src/store';
import type { Store } from '../../../src/core/ports';
import type { Incident } from '../../../src/core/model';
import { tickStep } from '../../../src/core/playbooks/flows';
import { stepStates } from '../../../src/core/playbooks/checklist';
import { FakeClock } from '../../helpers/clock';
import { EMAILS, testSchool } from '../../helpers/school';
import { newIncident } from '../../store/support/fixtures';

describe('playbooks: ticking a checklist step', () => {
  let store: Store;
  let clock: FakeClock;
  const school = testSchool();
  const deps = () => ({ store, school, clock });
  const who = (email: string) => school.person(email);
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    clock = new FakeClock(new Date('2026-12-02T10:15:00Z'));
  });
  afterEach(async () => store.close());

  const sexting = () => store.incidents.create(newIncident({ kinds: ['sexting'], reporterEmail: EMAILS.teacher, reportedAt: clock.now() }), 'OS', 2026);
  const tick = (incident: Incident, email: string, stepId = 'device_secured', over: { version?: number; done?: boolean; eventId?: string } = {}) =>
    tickStep(deps(), who(email), { incidentId: incident.id, version: over.version ?? incident.version, stepId, done: over.done ?? true, eventId: over.eventId });
  const events = async (incident: Incident) => store.events.listByIncident(incident.id);

  it('records a DSL’s tick as a chronology entry with who and when, bumps the version and refreshes the cards', async () => {
    const incident = await sexting();
    const outcome = await tick(incident, EMAILS.dsl);
    assert.equal(outcome.status, 'ok');
    const ticks = (await events(incident)).filter((e) => e.type === 'checklist_tick');
    assert.deepEqual(ticks.map((e) => [e.actorEmail, e.at.toISOString(), e.data.stepId]), [[EMAILS.dsl, '2026-12-02T10:15:00.000Z', 'device_secured']]);
    assert.equal((await store.incidents.get(incident.id))!.version, incident.version + 1);
    assert.equal(stepStates(await events(incident)).get('device_secured')?.done, true);
    const due = await store.outbox.claimDue(clock.now(), 'test', 60_000, 10);
    assert.deepEqual(due.map((m) => [m.kind, m.payload.version]), [['incident.refresh', incident.version + 1]], 'open cards are refreshed');
  });

  it('lets a deputy and the online safety lead tick, as they may add notes', async () => {
    let incident = await sexting();
    for (const email of [EMAILS.deputy1, EMAILS.osl]) {
      const outcome = await tick(incident, email, email === EMAILS.osl ? 'parents_informed' : 'device_secured');
      assert.equal(outcome.status, 'ok', email);
      incident = (outcome as { incident: Incident }).incident;
    }
  });

  for (const [label, email] of [
    ['the reporter (a teacher)', EMAILS.teacher],
    ['another member of staff', EMAILS.teacher2],
    ['the ICT lead', EMAILS.ict],
    ['a governor', EMAILS.governor],
  ] as const) {
    it(`refuses ${label}, records nothing but the attempt`, async () => {
      const incident = await sexting();
      assert.equal((await tick(incident, email)).status, 'forbidden');
      const all = await events(incident);
      assert.deepEqual(all.map((e) => [e.type, e.actorEmail, e.data.action]), [['unauthorised_attempt', email, 'tick_a_checklist_step']]);
      assert.equal((await store.incidents.get(incident.id))!.version, incident.version);
    });
  }

  it('refuses the member of staff a concern is about, even when they are a DSL', async () => {
    const incident = await store.incidents.create(newIncident({ category: 'staff', kinds: ['sexting'], route: 'headteacher', subjectEmail: EMAILS.dsl, subjectName: 'Dana DSL' }), 'OS', 2026);
    assert.equal((await tick(incident, EMAILS.dsl, 'lado_consulted')).status, 'forbidden');
    assert.equal((await tick(incident, EMAILS.head, 'lado_consulted')).status, 'ok', 'the headteacher, who received it, may');
  });

  it('refuses a step that is not on this concern’s checklist, and a made-up one', async () => {
    const incident = await sexting();
    for (const stepId of ['lado_consulted', 'prevent_referral', 'delete_everything']) {
      const outcome = await tick(incident, EMAILS.dsl, stepId);
      assert.equal(outcome.status, 'refused', stepId);
      assert.match((outcome as { reason: string }).reason, /not on the checklist/);
    }
    assert.equal((await events(incident)).length, 0);
  });

  it('refuses a stale version: a second DSL working from an old card records nothing', async () => {
    const incident = await sexting();
    assert.equal((await tick(incident, EMAILS.dsl)).status, 'ok');
    assert.equal((await tick(incident, EMAILS.deputy1, 'parents_informed')).status, 'stale', 'the deputy’s card still shows the first version');
    assert.deepEqual((await events(incident)).map((e) => e.data.stepId), ['device_secured']);
  });

  it('records a platform retry of the same click once', async () => {
    const incident = await sexting();
    assert.equal((await tick(incident, EMAILS.dsl, 'device_secured', { eventId: 'click-1' })).status, 'ok');
    assert.equal((await tick(incident, EMAILS.dsl, 'device_secured', { eventId: 'click-1' })).status, 'duplicate');
    assert.equal((await events(incident)).length, 1);
  });

  it('unticks as a new entry, keeping the tick in the record', async () => {
    const incident = await sexting();
    const ticked = (await tick(incident, EMAILS.dsl)) as { incident: Incident };
    clock.advance(60_000);
    const unticked = await tick(ticked.incident, EMAILS.deputy1, 'device_secured', { done: false });
    assert.equal(unticked.status, 'ok');
    assert.deepEqual((await events(incident)).map((e) => [e.type, e.actorEmail]), [['checklist_tick', EMAILS.dsl], ['checklist_untick', EMAILS.deputy1]]);
    assert.equal(stepStates(await events(incident)).get('device_secured')?.done, false);
  });

  it('refuses to tick a step twice, or to untick one never ticked', async () => {
    const incident = await sexting();
    assert.equal((await tick(incident, EMAILS.dsl, 'device_secured', { done: false })).status, 'refused');
    const ticked = (await tick(incident, EMAILS.dsl)) as { incident: Incident };
    assert.equal((await tick(ticked.incident, EMAILS.dsl)).status, 'refused');
  });

  it('refuses ticks on a closed concern', async () => {
    const incident = await store.incidents.create(newIncident({ kinds: ['sexting'], status: 'closed' }), 'OS', 2026);
    const outcome = await tick(incident, EMAILS.dsl);
    assert.equal(outcome.status, 'refused');
    assert.match((outcome as { reason: string }).reason, /closed/);
  });

  it('says a concern that does not exist is not found', async () => {
    const outcome = await tickStep(deps(), who(EMAILS.dsl), { incidentId: '00000000-0000-4000-8000-000000000000', version: 1, stepId: 'device_secured', done: true });
    assert.equal(outcome.status, 'not_found');
  });
});
