/**
 * Who a concern is about, through the report flow: a typed name or phrase is never
 * routed on a guess; the reporter confirms a match or says "someone else"; only then does it route.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { openStore } from '../../../src/store';
import type { Store } from '../../../src/core/ports';
import * as flow from '../../../src/core/incidents/report-flow';
import fs from 'node:fs';
import { loadSchool, parseSchool } from '../../../src/core/people/load-school';
import { FakeClock } from '../../helpers/clock';
import type { Incident } from '../../../src/core/model';

const DEMO = path.join(__dirname, '..', '..', '..', 'config', 'demo-school.yaml');
const HEAD = 'helen.carter@demo-school.example';
const CHAIR = 'richard.evans@demo-school.example';
const DSL = 'alex.morgan@demo-school.example';
const VICE = 'margaret.lee@demo-school.example';

describe('incidents: who a concern is about is confirmed before it routes', () => {
  let store: Store;
  const clock = new FakeClock(new Date('2026-11-23T10:00:00Z'));
  const school = loadSchool(path.join(__dirname, '..', '..', '..', 'config', 'demo-school.yaml'));
  const reporter = { platform: 'teams' as const, platformUserId: '29:jordan', email: 'jordan.reid@demo-school.example' };
  const deps = () => ({ store, school, clock });
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
  });
  afterEach(async () => store.close());

  type StepView = Extract<flow.WizardView, { kind: 'step' }>;
  async function typeSubject(typed: string): Promise<{ id: string; view: flow.WizardView }> {
    const { view } = await flow.startReport(deps(), reporter);
    const id = (view as StepView).draftId;
    await flow.answerStep(deps(), reporter, id, 'category', { category: 'staff' });
    await flow.answerStep(deps(), reporter, id, 'danger', { immediate_danger: 'no' });
    return { id, view: await flow.answerStep(deps(), reporter, id, 'staff_subject', { subject_email: 'other', subject_name: typed }) };
  }
  const offered = (v: flow.WizardView) => (v as StepView).step.fields[0].choices!.map((c) => c.value);
  const titles = (v: flow.WizardView) => (v as StepView).step.fields[0].choices!.map((c) => c.title);
  async function finish(id: string, confirm: string): Promise<Incident> {
    await flow.answerStep(deps(), reporter, id, 'confirm_subject', { subject_confirm: confirm });
    await flow.answerStep(deps(), reporter, id, 'staff_details', { what_happened: 'Took photos of pupils on a personal phone.', occurred_date: '2026-11-20', how_known: 'seen', child_images: 'no' });
    const done = await flow.submitReport(deps(), reporter, id);
    assert.equal(done.kind, 'submitted');
    return (done as Extract<flow.WizardView, { kind: 'submitted' }>).incident;
  }
  const recipientsOf = async (incident: Incident) => (await store.outbox.listByIncident(incident.id)).map((m) => (m.recipient.type === 'person' ? m.recipient.email : m.recipient.type));

  const HEAD_PHRASES = ['Mrs Carter', 'mrs carter', 'Helen Cartr', 'the head', 'headteacher', 'HT'];
  for (const typed of HEAD_PHRASES) {
    it(`asks "Did you mean Helen Carter (headteacher)?" for "${typed}", and once confirmed sends it to the chair and never to her`, async () => {
      const { id, view } = await typeSubject(typed);
      assert.equal(view.kind, 'step');
      assert.equal((view as StepView).step.id, 'confirm_subject');
      assert.deepEqual(offered(view), [HEAD, 'someone_else']);
      assert.equal(titles(view)[0], 'Helen Carter (headteacher)');
      // Skipping the question is not possible: sending goes back to it.
      const early = await flow.submitReport(deps(), reporter, id);
      assert.equal(early.kind, 'step');
      assert.equal((early as StepView).step.id, 'confirm_subject');
      const incident = await finish(id, HEAD);
      assert.equal(incident.route, 'chair_of_governors');
      assert.equal(incident.subjectEmail, HEAD);
      const to = await recipientsOf(incident);
      assert.deepEqual(to, [CHAIR]);
      assert.ok(!to.includes(HEAD));
    });
  }

  it('asks about "the DSL" and, confirmed, sends it to the headteacher and nothing to the DSL or the channel', async () => {
    const { id, view } = await typeSubject('the DSL');
    assert.deepEqual(offered(view), [DSL, 'someone_else']);
    const incident = await finish(id, DSL);
    assert.equal(incident.route, 'headteacher');
    assert.deepEqual(await recipientsOf(incident), [HEAD]);
  });

  it('matches "Rich Evans" to Richard Evans, the chair, and sends it to the named alternate', async () => {
    const { id, view } = await typeSubject('Rich Evans');
    assert.deepEqual(offered(view), [CHAIR, 'someone_else']);
    const incident = await finish(id, CHAIR);
    assert.equal(incident.route, 'chair_alternate');
    assert.deepEqual(await recipientsOf(incident), [VICE]);
  });

  it('offers both people who share a surname, and routes on the one chosen', async () => {
    const text = fs.readFileSync(DEMO, 'utf8').replace('people:\n', 'people:\n  - name: Mark Davies\n    email: mark.davies@demo-school.example\n');
    const d = { store, school: parseSchool(text, 'demo.yaml'), clock };
    const { view } = await flow.startReport(d, reporter);
    const id = (view as StepView).draftId;
    await flow.answerStep(d, reporter, id, 'category', { category: 'staff' });
    await flow.answerStep(d, reporter, id, 'danger', { immediate_danger: 'no' });
    const ask = await flow.answerStep(d, reporter, id, 'staff_subject', { subject_name: 'Mr Davies' });
    assert.deepEqual(offered(ask), ['mark.davies@demo-school.example', 'tom.davies@demo-school.example', 'someone_else']);
    assert.deepEqual(titles(ask), ['Mark Davies', 'Tom Davies (deputy DSL)', 'Someone else / not on this list']);
    await flow.answerStep(d, reporter, id, 'confirm_subject', { subject_confirm: 'tom.davies@demo-school.example' });
    await flow.answerStep(d, reporter, id, 'staff_details', { what_happened: 'x', occurred_date: '2026-11-20', how_known: 'seen', child_images: 'no' });
    const done = (await flow.submitReport(d, reporter, id)) as Extract<flow.WizardView, { kind: 'submitted' }>;
    assert.equal(done.incident.subjectEmail, 'tom.davies@demo-school.example');
    assert.deepEqual(await recipientsOf(done.incident), [HEAD]);
  });

  it('keeps a typed name that matches nobody as the subject name, with no person, after "someone else"', async () => {
    const { id, view } = await typeSubject('The supply teacher in Year 3');
    assert.equal((view as StepView).step.id, 'confirm_subject');
    assert.deepEqual(offered(view), ['someone_else']);
    const incident = await finish(id, 'someone_else');
    assert.equal(incident.subjectEmail, null);
    assert.equal(incident.subjectName, 'The supply teacher in Year 3');
    assert.equal(incident.route, 'headteacher');
  });

  it('refuses a confirmation that was not offered (a forged card value)', async () => {
    const { id } = await typeSubject('Mrs Carter');
    const again = await flow.answerStep(deps(), reporter, id, 'confirm_subject', { subject_confirm: DSL });
    assert.equal(again.kind, 'step');
    assert.equal((again as StepView).errors.subject_confirm, 'Please choose one of the options.');
  });

  it('asks again when the typed name is changed after it was confirmed', async () => {
    const { id } = await typeSubject('Mrs Carter');
    await flow.answerStep(deps(), reporter, id, 'confirm_subject', { subject_confirm: HEAD });
    await flow.stepBack(deps(), reporter, id);
    const back = await flow.stepBack(deps(), reporter, id);
    assert.equal((back as StepView).step.id, 'staff_subject');
    const next = await flow.answerStep(deps(), reporter, id, 'staff_subject', { subject_email: 'other', subject_name: 'Mr Evans' });
    assert.equal((next as StepView).step.id, 'confirm_subject');
    assert.equal((next as StepView).values.subject_confirm, undefined, 'the old confirmation is cleared');
    assert.deepEqual(offered(next), [CHAIR, 'someone_else']);
  });

  it('needs no confirmation for a pick from the list', async () => {
    const { view } = await flow.startReport(deps(), reporter);
    const id = (view as StepView).draftId;
    await flow.answerStep(deps(), reporter, id, 'category', { category: 'staff' });
    await flow.answerStep(deps(), reporter, id, 'danger', { immediate_danger: 'no' });
    const next = await flow.answerStep(deps(), reporter, id, 'staff_subject', { subject_email: HEAD });
    assert.equal((next as StepView).step.id, 'staff_details');
  });

  describe('a member of staff named as alleged perpetrator on the pupil path', () => {
    async function pupilReport(row: Record<string, string>, confirm?: string, urgent = false): Promise<{ incident: Incident; stepAfterPeople: string }> {
      const { view } = await flow.startReport(deps(), reporter);
      const id = (view as StepView).draftId;
      await flow.answerStep(deps(), reporter, id, 'category', { category: 'pupil' });
      await flow.answerStep(deps(), reporter, id, 'danger', { immediate_danger: urgent ? 'yes' : 'no' });
      await flow.answerStep(deps(), reporter, id, 'pupil_when_where', { occurred_date: '2026-11-20', location: 'in_school' });
      const after = await flow.answerStep(deps(), reporter, id, 'pupil_people', { person1_name: 'Sam Pupil', person1_group: 'pupil', person1_part: 'target', ...row });
      const stepAfterPeople = (after as StepView).step.id;
      if (confirm) await flow.answerStep(deps(), reporter, id, 'confirm_people', { person2_confirm: confirm });
      await flow.answerStep(deps(), reporter, id, 'pupil_kinds', { kinds: 'online_bullying' });
      await flow.answerStep(deps(), reporter, id, 'pupil_details', { what_happened: 'Messages sent to a pupil.', how_known: 'told' });
      const done = await flow.submitReport(deps(), reporter, id);
      assert.equal(done.kind, 'submitted', JSON.stringify(done).slice(0, 300));
      return { incident: (done as Extract<flow.WizardView, { kind: 'submitted' }>).incident, stepAfterPeople };
    }

    it('makes it an allegation: confirmed as the head, it goes to the chair only, not the DSL channel, and the chronology says why', async () => {
      const { incident, stepAfterPeople } = await pupilReport({ person2_name: 'Mrs Carter', person2_group: 'staff', person2_part: 'alleged_perpetrator' }, HEAD, true);
      assert.equal(stepAfterPeople, 'confirm_people');
      assert.equal(incident.route, 'chair_of_governors');
      assert.equal(incident.subjectEmail, HEAD);
      assert.deepEqual([...new Set(await recipientsOf(incident))], [CHAIR]);
      const events = (await store.events.listByIncident(incident.id)).map((e) => e.type);
      assert.ok(events.includes('routed_as_allegation'), events.join());
    });

    it('sends an allegation about someone not on the list to the headteacher, not the channel', async () => {
      const { incident } = await pupilReport({ person2_name: 'The football coach', person2_group: 'staff', person2_part: 'alleged_perpetrator' }, 'someone_else');
      assert.equal(incident.route, 'headteacher');
      assert.deepEqual(await recipientsOf(incident), [HEAD]);
    });

    it('keeps a member of staff who is only a witness on the DSL team route, with no confirm step', async () => {
      const { incident, stepAfterPeople } = await pupilReport({ person2_name: 'Mrs Carter', person2_group: 'staff', person2_part: 'witness' });
      assert.equal(stepAfterPeople, 'pupil_kinds');
      assert.equal(incident.route, 'dsl_team');
      assert.deepEqual(await recipientsOf(incident), ['dsl_channel']);
    });
  });

  it('with head_is_proprietor, tells the reporter to contact the LADO with the number, and sends nothing in school', async () => {
    const proprietor = loadSchool(path.join(__dirname, '..', '..', '..', 'config', 'demo-school.yaml'));
    (proprietor.file.routes as { head_is_proprietor: boolean }).head_is_proprietor = true;
    const d = { store, school: proprietor, clock };
    const { view } = await flow.startReport(d, reporter);
    const id = (view as StepView).draftId;
    await flow.answerStep(d, reporter, id, 'category', { category: 'staff' });
    await flow.answerStep(d, reporter, id, 'danger', { immediate_danger: 'yes' });
    await flow.answerStep(d, reporter, id, 'staff_subject', { subject_email: HEAD });
    const review = await flow.answerStep(d, reporter, id, 'staff_details', { what_happened: 'x', occurred_date: '2026-11-20', how_known: 'seen', child_images: 'no' });
    assert.match((review as Extract<flow.WizardView, { kind: 'review' }>).routeText, /LADO.*020 7946 0000/);
    const done = (await flow.submitReport(d, reporter, id)) as Extract<flow.WizardView, { kind: 'submitted' }>;
    assert.equal(done.incident.route, 'lado_direct');
    assert.match(done.routeText, /Demo Borough LADO \(020 7946 0000/);
    assert.ok(done.nextSteps.some((s) => /contact the Local Authority Designated Officer \(LADO\) today: Demo Borough LADO \(020 7946 0000/.test(s)));
    assert.deepEqual(await recipientsOf(done.incident), []);
    assert.equal(done.incident.nextPageAt, null, 'nobody in school to page');
    assert.ok((await store.events.listByIncident(done.incident.id)).some((e) => e.type === 'routed_lado_direct'));
  });
});
