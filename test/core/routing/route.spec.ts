import assert from 'node:assert/strict';
import { routeReport } from '../../../src/core/routing/route';
import { EMAILS, testSchool } from '../../helpers/school';
import { schoolSchema, School } from '../../../src/core/people/school';

const school = testSchool();
const emails = (people: { email: string }[]) => people.map((p) => p.email).sort();

describe('routing: pupil concerns, filtering problems and anything else', () => {
  for (const category of ['pupil', 'filtering', 'other'] as const) {
    it(`sends a ${category} concern to the DSL team channel and pages nobody when it is not urgent`, () => {
      const plan = routeReport(school, { category, urgent: false, subject: null });
      assert.equal(plan.route, 'dsl_team');
      assert.equal(plan.dslChannel, true);
      assert.deepEqual(plan.direct, []);
      assert.deepEqual(plan.page, []);
      assert.deepEqual(plan.repage, []);
    });
  }

  it('pages the DSL and every deputy at once when the concern is urgent', () => {
    const plan = routeReport(school, { category: 'pupil', urgent: true, subject: null });
    assert.deepEqual(emails(plan.page), [EMAILS.deputy2, EMAILS.dsl, EMAILS.deputy1].sort());
  });

  it('pages them again, and the headteacher, when nobody acknowledges', () => {
    const plan = routeReport(school, { category: 'pupil', urgent: true, subject: null });
    assert.deepEqual(emails(plan.repage), [EMAILS.dsl, EMAILS.deputy1, EMAILS.deputy2, EMAILS.head].sort());
  });
});

describe('routing: staff misuse', () => {
  it('sends a concern about a teacher only to the headteacher, by direct message', () => {
    const plan = routeReport(school, { category: 'staff', urgent: false, subject: school.person(EMAILS.teacher) });
    assert.equal(plan.route, 'headteacher');
    assert.equal(plan.dslChannel, false);
    assert.deepEqual(emails(plan.direct), [EMAILS.head]);
    assert.deepEqual(plan.page, []);
  });

  it('sends a concern about the headteacher to the chair of governors and not to the headteacher', () => {
    const plan = routeReport(school, { category: 'staff', urgent: false, subject: school.person(EMAILS.head) });
    assert.equal(plan.route, 'chair_of_governors');
    assert.deepEqual(emails(plan.direct), [EMAILS.chair]);
    assert.deepEqual(plan.excluded, [EMAILS.head]);
  });

  it('sends a concern about the chair of governors to the person the school file names for that case', () => {
    const plan = routeReport(school, { category: 'staff', urgent: false, subject: school.person(EMAILS.chair) });
    assert.equal(plan.route, 'chair_alternate');
    assert.deepEqual(emails(plan.direct), [EMAILS.vice]);
  });

  it('sends a concern about the DSL to the headteacher and never to the DSL channel', () => {
    const plan = routeReport(school, { category: 'staff', urgent: true, subject: school.person(EMAILS.dsl) });
    assert.equal(plan.dslChannel, false);
    assert.deepEqual(emails(plan.direct), [EMAILS.head]);
    assert.ok(![...plan.page, ...plan.repage].some((p) => p.email === EMAILS.dsl));
  });

  it('treats a headteacher who is also the DSL as the headteacher: the concern goes to the chair', () => {
    const s = new School(schoolSchema.parse({ ...school.file, people: school.file.people.map((p) => (p.email === EMAILS.head ? { ...p, roles: ['headteacher', 'dsl'] } : p)) }));
    const plan = routeReport(s, { category: 'staff', urgent: false, subject: s.person(EMAILS.head) });
    assert.deepEqual(emails(plan.direct), [EMAILS.chair]);
  });

  it('never sends anything to the person the concern is about, even when they hold the receiving role', () => {
    // A chair who is also the vice-chair contact: nobody left, so the reporter is told to go to the LADO.
    const s = new School(schoolSchema.parse({ ...school.file, routes: { concern_about_chair: EMAILS.chair } }));
    const plan = routeReport(s, { category: 'staff', urgent: true, subject: s.person(EMAILS.chair) });
    assert.equal(plan.route, 'none');
    assert.deepEqual([...plan.direct, ...plan.page, ...plan.repage], []);
  });

  it('pages the headteacher for an urgent staff concern, and if unacknowledged falls back to the chair, never to the DSL team', () => {
    const plan = routeReport(school, { category: 'staff', urgent: true, subject: school.person(EMAILS.teacher) });
    assert.deepEqual(emails(plan.page), [EMAILS.head]);
    assert.deepEqual(emails(plan.repage), [EMAILS.chair, EMAILS.head].sort());
    assert.equal(plan.dslChannel, false);
  });

  it('sends a concern about someone not in the school file to the headteacher', () => {
    const plan = routeReport(school, { category: 'staff', urgent: false, subject: school.person('supply.teacher@agency.test') });
    assert.deepEqual(emails(plan.direct), [EMAILS.head]);
  });
});
