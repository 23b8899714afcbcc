import assert from 'node:assert/strict';
import { DEFAULT_DUTY_SETTINGS, dutiesSchema } from '../../../src/core/duties/settings';
import { auaDue, buildFacts, dutyInstances, dutyStatus, trainingDue, type DutyPerson } from '../../../src/core/duties/rules';
import { personalDuties, schoolDuties } from '../../../src/core/duties/catalogue';

const S = DEFAULT_DUTY_SETTINGS;
const person = (over: Partial<DutyPerson> = {}): DutyPerson => ({ email: 'tom@school.test', name: 'Tom', roles: ['staff'], startDate: null, knownSince: '2026-01-05', ...over });
const aua = { version: '2026-1', effectiveFrom: '2026-09-01' };

describe('duties: who has which duty', () => {
  it('gives all staff training and the AUA; the DSL and deputies DSL training and the yearly refresh; governors governor training', () => {
    assert.deepEqual(personalDuties(['staff'], S).map((d) => d.id), ['staff_training', 'aua']);
    assert.deepEqual(personalDuties(['deputy_dsl'], S).map((d) => d.id), ['staff_training', 'aua', 'dsl_training', 'dsl_refresh']);
    assert.deepEqual(personalDuties(['online_safety_governor'], S).map((d) => d.id), ['aua', 'governor_training']);
    assert.deepEqual(personalDuties(['headteacher', 'chair_of_governors'], S).map((d) => d.id), ['staff_training', 'aua', 'governor_training']);
  });

  it('lists the school reviews, and leaves out a duty the school file turns off', () => {
    assert.deepEqual(schoolDuties(S).map((d) => d.id), ['policy_review', 'filtering_review', 'ict_security_check', 'governors_report', 'governor_meeting']);
    const off = dutiesSchema.parse({ governor_meeting: { off: true }, governor_training: { off: true } });
    assert.equal(schoolDuties(off).some((d) => d.id === 'governor_meeting'), false);
    assert.deepEqual(personalDuties(['online_safety_governor'], off).map((d) => d.id), ['aua']);
  });
});

describe('duties: due dates', () => {
  it('makes training due yearly after the last completion, and 29 February + 1 year is 28 February', () => {
    assert.equal(trainingDue('staff_training', person(), '2025-09-03', S), '2026-09-03');
    assert.equal(trainingDue('staff_training', person(), '2028-02-29', S), '2029-02-28');
    assert.equal(trainingDue('dsl_training', person(), '2026-05-10', S), '2028-05-10');
  });

  it('makes induction due from a mid-year starter’s own start date (plus the configured induction days)', () => {
    assert.equal(trainingDue('staff_training', person({ startDate: '2027-02-15' }), null, S), '2027-02-15');
    const withDays = dutiesSchema.parse({ staff_training: { induction_days: 10 } });
    assert.equal(trainingDue('staff_training', person({ startDate: '2027-02-15' }), null, withDays), '2027-02-25');
    // No start date known: due from when the bot first knew them (stable, not "today"), after the grace period.
    assert.equal(trainingDue('staff_training', person(), null, dutiesSchema.parse({ new_staff_grace_days: 0 })), '2026-01-05');
  });

  it('gives someone with no start date a grace period (default 28 days from first sight) instead of being overdue on the bot’s first day', () => {
    assert.equal(trainingDue('staff_training', person(), null, S), '2026-02-02');
    assert.equal(auaDue(person(), undefined, aua, S).due, '2026-02-02');
    assert.equal(dutyStatus(auaDue(person(), undefined, aua, S).due, '2026-01-06', S), 'due_soon', 'not overdue the day after first sight');
    const longer = dutiesSchema.parse({ new_staff_grace_days: 60, staff_training: { induction_days: 90 } });
    assert.equal(trainingDue('staff_training', person(), null, longer), '2026-04-05', 'the longer of induction days and grace');
    // A known start date is a newcomer: no grace, the AUA before contact with pupils.
    assert.equal(auaDue(person({ startDate: '2026-01-05' }), undefined, aua, S).due, '2026-01-05');
    // A signature or completion on record: the grace period has nothing to do with it.
    assert.equal(trainingDue('staff_training', person(), '2025-09-03', S), '2026-09-03');
  });

  it('makes the AUA due before contact with pupils: on the start date, with no induction grace', () => {
    assert.equal(auaDue(person({ startDate: '2027-04-19' }), undefined, aua, S).due, '2027-04-19');
  });

  it('re-signs the AUA yearly while the version stays the same', () => {
    const signed = new Map([['2026-1', '2026-09-10']]);
    assert.deepEqual(auaDue(person(), signed, aua, S), { due: '2027-09-10', lastSigned: '2026-09-10' });
  });

  it('makes a signature of an older AUA version stop counting when the new version takes effect', () => {
    const signed = new Map([['2025-1', '2026-03-01']]);
    assert.equal(auaDue(person(), signed, aua, S).due, '2026-09-01');
    // …unless the yearly re-signing falls due first.
    assert.equal(auaDue(person(), new Map([['2025-1', '2025-06-01']]), aua, S).due, '2026-06-01');
  });

  it('counts DSL training as the all-staff update and the knowledge refresh too', () => {
    const facts = buildFacts([{ dutyId: 'dsl_training', email: 'd@s.t', completedOn: '2026-04-01' }], [], aua, 'Europe/London');
    const inst = dutyInstances([person({ email: 'd@s.t', roles: ['dsl'] })], facts, S);
    const due = Object.fromEntries(inst.filter((i) => i.email).map((i) => [i.dutyId, i.dueDate]));
    assert.equal(due.dsl_training, '2028-04-01');
    assert.equal(due.dsl_refresh, '2027-04-01');
    assert.equal(due.staff_training, '2027-04-01');
  });

  it('takes the policy review date from the school file, then the cadence after each review (yearly or every two years, 004 §3)', () => {
    const settings = dutiesSchema.parse({ policy_review: { next: '2026-10-01', every_months: 24 } });
    const none = buildFacts([], [], aua, 'Europe/London');
    assert.equal(dutyInstances([], none, settings).find((i) => i.dutyId === 'policy_review')?.dueDate, '2026-10-01');
    const done = buildFacts([{ dutyId: 'policy_review', email: null, completedOn: '2026-09-20' }], [], aua, 'Europe/London');
    assert.equal(dutyInstances([], done, settings).find((i) => i.dutyId === 'policy_review')?.dueDate, '2028-09-20');
    assert.equal(dutyInstances([], none, S).find((i) => i.dutyId === 'filtering_review')?.dueDate, null);
  });

  it('dates a signature in the school time zone (23:30 UTC on 30 June is 1 July in London summer time)', () => {
    const facts = buildFacts([], [{ email: 'tom@school.test', version: '2026-1', signedAt: new Date('2026-06-30T23:30:00Z') }], aua, 'Europe/London');
    assert.equal(facts.signatures.get('tom@school.test')?.get('2026-1'), '2026-07-01');
  });

  it('says overdue after the due day, due on it, due soon within the longest lead time', () => {
    assert.equal(dutyStatus('2026-05-01', '2026-05-02', S), 'overdue');
    assert.equal(dutyStatus('2026-05-01', '2026-05-01', S), 'due');
    assert.equal(dutyStatus('2026-05-01', '2026-04-01', S), 'due_soon');
    assert.equal(dutyStatus('2026-05-01', '2026-03-31', S), 'current');
  });
});
