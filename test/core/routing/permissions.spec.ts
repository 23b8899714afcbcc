import assert from 'node:assert/strict';
import { abilities } from '../../../src/core/routing/permissions';
import type { Incident } from '../../../src/core/model';
import { EMAILS, testSchool } from '../../helpers/school';

const school = testSchool();
const incident = (over: Partial<Incident> = {}): Incident => ({
  id: 'i1', reference: 'OS-2026-0001', category: 'pupil', kinds: [], urgent: false, serious: false, immediateDanger: false, status: 'reported', version: 1,
  reporterEmail: EMAILS.teacher, reporterPlatform: 'teams', subjectEmail: null, subjectName: null, route: 'dsl_team', ownerEmail: null,
  answers: {}, occurredAt: null, reportedAt: new Date(), acknowledgedAt: null, closedAt: null, outcome: null, pageLevel: 0, nextPageAt: null, ...over,
});
const can = (email: string, inc: Incident) => [...abilities(school, inc, school.person(email))].sort();

describe('routing: who may act on a concern', () => {
  it('lets the DSL and deputies decide and approve on a DSL-team concern', () => {
    assert.ok(can(EMAILS.dsl, incident()).includes('decide'));
    assert.ok(can(EMAILS.deputy1, incident()).includes('approve'));
  });

  it('lets the online safety lead propose but not decide, approve or close (closing needs a DSL or deputy)', () => {
    const a = can(EMAILS.osl, incident());
    assert.ok(a.includes('propose'));
    assert.ok(!a.includes('decide'));
    assert.ok(!a.includes('approve'));
    assert.ok(!a.includes('close'));
    assert.ok(can(EMAILS.deputy1, incident()).includes('close'));
  });

  it('lets the DSL team record a LADO consultation on a pupil concern only when an adult is among the people involved', () => {
    assert.ok(!can(EMAILS.dsl, incident()).includes('record_lado'));
    const withParent = incident({ answers: { person1_group: 'pupil', person2_name: 'Mrs Okafor', person2_group: 'parent_carer', person2_part: 'alleged_perpetrator' } });
    assert.ok(can(EMAILS.dsl, withParent).includes('record_lado'));
    assert.ok(can(EMAILS.osl, withParent).includes('record_lado'));
    assert.deepEqual(can(EMAILS.teacher2, withParent), []);
  });

  it('gives an ordinary member of staff, or the reporter, nothing on a DSL-team concern', () => {
    assert.deepEqual(can(EMAILS.teacher2, incident()), []);
    assert.deepEqual(can(EMAILS.teacher, incident()), []);
  });

  it('lets the headteacher open and acknowledge an urgent concern only once re-paged', () => {
    assert.deepEqual(can(EMAILS.head, incident({ urgent: true, pageLevel: 1 })), []);
    assert.deepEqual(can(EMAILS.head, incident({ urgent: true, pageLevel: 2 })), ['acknowledge', 'view']);
  });

  it('keeps a staff concern from the DSL team: only the headteacher may act on it', () => {
    const inc = incident({ category: 'staff', route: 'headteacher', subjectEmail: EMAILS.teacher2 });
    assert.deepEqual(can(EMAILS.dsl, inc), []);
    assert.ok(can(EMAILS.head, inc).includes('record_lado'));
  });

  it('gives the person a concern is about nothing, even when they are the DSL', () => {
    const inc = incident({ category: 'staff', route: 'headteacher', subjectEmail: EMAILS.dsl });
    assert.deepEqual(can(EMAILS.dsl, inc), []);
  });

  it('lets only the chair act on a concern about the headteacher', () => {
    const inc = incident({ category: 'staff', route: 'chair_of_governors', subjectEmail: EMAILS.head });
    assert.deepEqual(can(EMAILS.head, inc), []);
    assert.ok(can(EMAILS.chair, inc).includes('view'));
  });

  it('lets the chair open an urgent staff concern only once it has fallen back to them, and never the DSL team', () => {
    const about = { category: 'staff' as const, route: 'headteacher' as const, subjectEmail: EMAILS.teacher2, answers: { subject_email: EMAILS.teacher2 }, urgent: true };
    assert.deepEqual(can(EMAILS.chair, incident({ ...about, pageLevel: 1 })), []);
    assert.ok(can(EMAILS.chair, incident({ ...about, pageLevel: 2 })).includes('acknowledge'));
    assert.deepEqual(can(EMAILS.vice, incident({ ...about, pageLevel: 2 })), []);
    assert.ok(can(EMAILS.vice, incident({ ...about, pageLevel: 3 })).includes('view'));
    for (const e of [EMAILS.dsl, EMAILS.deputy1, EMAILS.osl]) assert.deepEqual(can(e, incident({ ...about, pageLevel: 4 })), []);
  });

  it('gives every staff member named as alleged perpetrator on a pupil concern nothing, whatever their role', () => {
    const inc = incident({
      category: 'pupil', route: 'chair_of_governors', subjectEmail: EMAILS.head,
      answers: { person1_name: 'the head', person1_group: 'staff', person1_part: 'alleged_perpetrator', person1_confirm: EMAILS.head, person2_name: 'Dana', person2_group: 'staff', person2_part: 'alleged_perpetrator', person2_confirm: EMAILS.dsl },
    });
    assert.deepEqual(can(EMAILS.head, inc), []);
    assert.deepEqual(can(EMAILS.dsl, inc), []);
    assert.ok(can(EMAILS.chair, inc).includes('view'));
  });
});
