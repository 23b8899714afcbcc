/**
 * The routing table, every combination of path × who it is about × whether they can read
 * the DSL channel × urgent × head is proprietor, asserting the exact recipients of every message —
 * the report, pages, re-pages, the fallback when the channel cannot be reached — and who may open it.
 */
import assert from 'node:assert/strict';
import { routeReport, pageRound } from '../../../src/core/routing/route';
import { fallbackFor } from '../../../src/core/routing/fallback';
import { abilities } from '../../../src/core/routing/permissions';
import { MESSAGE_KINDS } from '../../../src/core/notify/enqueue';
import type { Category, Incident, OutboxMessage, Role } from '../../../src/core/model';
import { EMAILS, testSchool } from '../../helpers/school';

type SubjectRole = 'none' | 'staff' | 'dsl' | 'deputy_dsl' | 'online_safety_lead' | 'headteacher' | 'chair_of_governors';
const SUBJECT_EMAIL: Record<Exclude<SubjectRole, 'none'>, string> = {
  staff: EMAILS.teacher,
  dsl: EMAILS.dsl,
  deputy_dsl: EMAILS.deputy1,
  online_safety_lead: EMAILS.osl,
  headteacher: EMAILS.head,
  chair_of_governors: EMAILS.chair,
};
const DSL_TEAM_ROLES: readonly SubjectRole[] = ['dsl', 'deputy_dsl', 'online_safety_lead'];

// What a DSL expects, written out: an allegation about each kind of adult (KCSiE Part 4; 000 part 2).
// `repage`: who an unacknowledged urgent one is paged to next (headteacher → chair → named alternate).
const ALLEGATION: Record<Exclude<SubjectRole, 'none'>, { route: string; direct: string[]; repage: string[] }> = {
  staff: { route: 'headteacher', direct: [EMAILS.head], repage: [EMAILS.head, EMAILS.chair] },
  dsl: { route: 'headteacher', direct: [EMAILS.head], repage: [EMAILS.head, EMAILS.chair] },
  deputy_dsl: { route: 'headteacher', direct: [EMAILS.head], repage: [EMAILS.head, EMAILS.chair] },
  online_safety_lead: { route: 'headteacher', direct: [EMAILS.head], repage: [EMAILS.head, EMAILS.chair] },
  headteacher: { route: 'chair_of_governors', direct: [EMAILS.chair], repage: [EMAILS.chair, EMAILS.vice] },
  chair_of_governors: { route: 'chair_alternate', direct: [EMAILS.vice], repage: [EMAILS.vice] },
};
const UNKNOWN_ADULT = ALLEGATION.staff; // a typed name nobody in the file matches: to the headteacher
const PROPRIETOR_HEAD = { route: 'lado_direct', direct: [] as string[], repage: [] as string[] };
const DSL_TEAM_PAGE: string[] = [EMAILS.dsl, EMAILS.deputy1, EMAILS.deputy2];

const sorted = (xs: string[]) => [...xs].sort();
const emails = (ps: { email: string }[]) => sorted(ps.map((p) => p.email));

describe('routing: the whole table (path × subject × channel × urgent × proprietor)', () => {
  let rows = 0;
  for (const category of ['pupil', 'staff', 'filtering', 'other'] as Category[]) {
    for (const role of ['none', 'staff', 'dsl', 'deputy_dsl', 'online_safety_lead', 'headteacher', 'chair_of_governors'] as SubjectRole[]) {
      for (const listedInChannel of [false, true]) {
        if (role === 'none' && listedInChannel) continue; // nobody named: nobody to list
        for (const urgent of [false, true]) {
          for (const proprietor of [false, true]) {
            rows++;
            const subjectEmail = role === 'none' ? null : SUBJECT_EMAIL[role];
            const inChannel = listedInChannel || DSL_TEAM_ROLES.includes(role);
            const name = `${category} · about ${role}${listedInChannel ? ' (listed in the channel)' : ''} · ${urgent ? 'urgent' : 'not urgent'} · head ${proprietor ? 'is' : 'is not'} proprietor`;
            it(name, () => {
              const school = testSchool({
                safeguarding_team: { teams: { channel_id: '19:dsl-team@thread.tacv2' }, channel_members: listedInChannel && subjectEmail ? [subjectEmail] : [] },
                routes: { concern_about_chair: EMAILS.vice, lado: { name: 'Test LADO', phone: '020 7946 0000' }, head_is_proprietor: proprietor },
              });
              const subject = subjectEmail ? school.person(subjectEmail) : null;
              const allegation = category === 'staff' || subject !== null;
              const plan = routeReport(school, { category, urgent, subject, allegation });

              const want = !allegation
                ? null
                : role === 'none'
                  ? UNKNOWN_ADULT
                  : proprietor && role === 'headteacher'
                    ? PROPRIETOR_HEAD
                    : ALLEGATION[role];
              if (want) {
                assert.equal(plan.route, want.route);
                assert.deepEqual(emails(plan.direct), sorted(want.direct));
                assert.deepEqual(emails(plan.page), urgent ? sorted(want.direct) : []);
                assert.deepEqual(emails(plan.repage), urgent ? sorted(want.repage) : []);
                assert.equal(plan.dslChannel, false, 'an allegation never goes to the DSL channel');
              } else {
                assert.equal(plan.route, 'dsl_team');
                assert.equal(plan.dslChannel, true);
                assert.deepEqual(plan.direct, []);
                assert.deepEqual(emails(plan.page), urgent ? sorted(DSL_TEAM_PAGE) : []);
                assert.deepEqual(emails(plan.repage), urgent ? sorted([...DSL_TEAM_PAGE, EMAILS.head]) : []);
              }
              if (inChannel) assert.equal(plan.dslChannel, false, 'the subject can read the channel');

              // The stored incident, as report-flow writes it (pupil path: the confirmed staff perpetrator).
              const answers: Record<string, string> =
                category === 'pupil' && subjectEmail ? { person1_name: 'Mrs X', person1_group: 'staff', person1_part: 'alleged_perpetrator', person1_confirm: subjectEmail } : {};
              const incident = { id: 'i1', reference: 'OS-2026-0001', category, kinds: [], urgent, serious: urgent, immediateDanger: urgent, status: 'reported', version: 1, reporterEmail: EMAILS.teacher2, reporterPlatform: 'teams', subjectEmail, subjectName: null, route: plan.route, ownerEmail: null, answers, occurredAt: null, reportedAt: new Date(), acknowledgedAt: null, closedAt: null, outcome: null, pageLevel: urgent ? 1 : 0, nextPageAt: null } as Incident;

              // Every later round of paging, and every fallback, stays within the route and skips the subject.
              const later = incident.route === 'dsl_team' ? [] : [2, 3, 4].flatMap((l) => pageRound(school, incident.route, subject ? [subject] : [], l).map((p) => p.email));
              const channelFallback = fallbackFor(school, { kind: MESSAGE_KINDS.channelCard, recipient: { type: 'dsl_channel' } } as OutboxMessage, incident);
              const everyone = [...plan.direct, ...plan.page, ...plan.repage].map((p) => p.email).concat(later, channelFallback.map((m) => (m.recipient.type === 'person' ? m.recipient.email : m.recipient.type)));
              if (subjectEmail) assert.ok(!everyone.includes(subjectEmail), `${subjectEmail} would be told`);
              if (want) for (const e of later) assert.ok(![...DSL_TEAM_PAGE, EMAILS.osl].includes(e) || e === EMAILS.head, `${e}: an allegation must not widen to the DSL team`);
              if (inChannel) assert.deepEqual(channelFallback, [], 'nothing reaches the DSL team about someone in their channel');

              // Who may open it: never the subject; the routed recipients may; the DSL team only on their own route.
              if (subject) assert.equal(abilities(school, incident, subject).size, 0);
              for (const e of want ? want.direct : DSL_TEAM_PAGE) if (e !== subjectEmail) assert.ok(abilities(school, incident, school.person(e)).has('view'), `${e} should see it`);
              if (want) for (const e of [EMAILS.dsl, EMAILS.deputy1, EMAILS.osl]) if (!want.direct.includes(e)) assert.equal(abilities(school, incident, school.person(e)).size, 0, `${e} must not see an allegation`);
            });
          }
        }
      }
    }
  }
  it('covers every combination', () => assert.equal(rows, 4 * (1 * 2 * 2 + 6 * 2 * 2 * 2)));
});

describe('routing: allegations and the LADO-direct setting', () => {
  const roles = (r: Role[]) => r;
  it('sends an allegation about anyone in lado_direct_for to the LADO directly, and tells the reporter the number', async () => {
    const school = testSchool({ routes: { concern_about_chair: EMAILS.vice, lado: { name: 'Test LADO', phone: '020 7946 0000' }, lado_direct_for: roles(['chair_of_governors']) } });
    const plan = routeReport(school, { category: 'staff', urgent: true, subject: school.person(EMAILS.chair) });
    assert.equal(plan.route, 'lado_direct');
    assert.deepEqual([...plan.direct, ...plan.page, ...plan.repage], []);
    const { describeRoute } = await import('../../../src/core/routing/route');
    assert.match(describeRoute(plan.route, school), /LADO.*Test LADO \(020 7946 0000\)/);
  });

  it('routes a pupil concern naming two members of staff as the most senior of them requires, and excludes both', () => {
    const school = testSchool();
    const plan = routeReport(school, { category: 'pupil', urgent: true, subject: school.person(EMAILS.teacher), otherSubjects: [school.person(EMAILS.head)] });
    assert.equal(plan.route, 'chair_of_governors');
    assert.deepEqual(emails(plan.direct), [EMAILS.chair]);
    assert.deepEqual(sorted(plan.excluded), sorted([EMAILS.teacher, EMAILS.head]));
  });
});
