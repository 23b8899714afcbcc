import assert from 'node:assert/strict';
import { openStore } from '../../../src/store';
import type { Store } from '../../../src/core/ports';
import * as flow from '../../../src/core/incidents/report-flow';
import { purgeAbandonedDrafts } from '../../../src/core/incident-actions/paging';
import { FakeClock } from '../../helpers/clock';
import { EMAILS, testSchool } from '../../helpers/school';

describe('incidents: the report flow', () => {
  let store: Store;
  let clock: FakeClock;
  const school = testSchool();
  const reporter = { platform: 'teams' as const, platformUserId: '29:tom', email: EMAILS.teacher };
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    clock = new FakeClock(new Date('2026-11-23T10:00:00Z'));
  });
  afterEach(async () => store.close());
  const deps = () => ({ store, school, clock });

  async function walkOther(what = 'A worrying email') {
    const { view } = await flow.startReport(deps(), reporter);
    assert.equal(view.kind, 'step');
    const id = (view as { draftId: string }).draftId;
    await flow.answerStep(deps(), reporter, id, 'category', { category: 'other' });
    await flow.answerStep(deps(), reporter, id, 'danger', { immediate_danger: 'no' });
    await flow.answerStep(deps(), reporter, id, 'other', { what_happened: what, how_known: 'told' });
    return id;
  }

  it('returns to the same draft when the person sends "report" again', async () => {
    const { view } = await flow.startReport(deps(), reporter);
    const id = (view as { draftId: string }).draftId;
    await flow.answerStep(deps(), reporter, id, 'category', { category: 'pupil' });
    const again = await flow.startReport(deps(), reporter);
    assert.equal(again.resumed, true);
    assert.equal((again.view as { step: { id: string } }).step.id, 'danger');
  });

  it('purges a draft abandoned for longer than the school allows, and keeps a recent one', async () => {
    await walkOther();
    clock.advance(71 * 3600_000);
    assert.equal(await purgeAbandonedDrafts(deps()), 0);
    clock.advance(2 * 3600_000);
    assert.equal(await purgeAbandonedDrafts(deps()), 1);
    assert.equal(await store.drafts.getOpen('teams', '29:tom'), null);
  });

  it('will not let another person submit someone else’s draft', async () => {
    const id = await walkOther();
    await assert.rejects(flow.submitReport(deps(), { ...reporter, platformUserId: '29:someone-else' }, id), /not one of yours, so nothing was changed/);
  });

  it('gives a report made at 00:30 on New Year’s Day in London the new year’s reference', async () => {
    clock.set(new Date('2026-12-31T23:59:00Z'));
    const first = await flow.submitReport(deps(), reporter, await walkOther());
    clock.set(new Date('2027-01-01T00:30:00Z'));
    const second = await flow.submitReport(deps(), reporter, await walkOther());
    assert.equal((first as { incident: { reference: string } }).incident.reference, 'OS-2026-0001');
    assert.equal((second as { incident: { reference: string } }).incident.reference, 'OS-2027-0001');
  });

  it('counts "today" for when it happened in the school’s time zone, so a report just after midnight in summer can say today', async () => {
    clock.set(new Date('2026-06-30T23:30:00Z')); // 00:30 on 1 July in London (BST)
    const { view } = await flow.startReport(deps(), reporter);
    const id = (view as { draftId: string }).draftId;
    await flow.answerStep(deps(), reporter, id, 'category', { category: 'pupil' });
    await flow.answerStep(deps(), reporter, id, 'danger', { immediate_danger: 'no' });
    const future = await flow.answerStep(deps(), reporter, id, 'pupil_when_where', { occurred_date: '2026-07-02', location: 'in_school' });
    assert.equal(future.kind, 'step');
    assert.match((future as { errors: Record<string, string> }).errors.occurred_date ?? '', /in the future/);
    const today = await flow.answerStep(deps(), reporter, id, 'pupil_when_where', { occurred_date: '2026-07-01', location: 'in_school' });
    assert.deepEqual((today as { errors?: Record<string, string> }).errors ?? {}, {});
    assert.notEqual((today as { step?: { id: string } }).step?.id, 'pupil_when_where');
  });

  it('writes the incident and its notifications together, and nothing when the draft is incomplete', async () => {
    const { view } = await flow.startReport(deps(), reporter);
    const id = (view as { draftId: string }).draftId;
    await flow.answerStep(deps(), reporter, id, 'category', { category: 'other' });
    const stillAsking = await flow.submitReport(deps(), reporter, id);
    assert.equal(stillAsking.kind, 'step', 'an incomplete draft goes back to the missing step');
    assert.deepEqual(await store.incidents.listOpen(10), []);
  });
});
