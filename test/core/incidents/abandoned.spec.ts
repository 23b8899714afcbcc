import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openStore } from '../../../src/store';
import type { Store } from '../../../src/core/ports';
import type { OutboxMessage } from '../../../src/core/model';
import * as flow from '../../../src/core/incidents/report-flow';
import { draftCode, sweepAbandonedUrgentDrafts } from '../../../src/core/incidents/abandoned';
import { purgeAbandonedDrafts } from '../../../src/core/incident-actions/paging';
import { MESSAGE_KINDS } from '../../../src/core/notify/enqueue';
import { schoolSchema } from '../../../src/core/people/school';
import { FakeClock } from '../../helpers/clock';
import { dropCreatedSchema } from '../../helpers/pg-schema';
import { EMAILS, testSchool } from '../../helpers/school';

const PG = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MIN = 60_000;

for (const engine of ['SQLite', 'PostgreSQL'] as const) {
  describe(`incidents: an urgent report left unsent (${engine})`, function () {
    let stores: Store[] = [];
    const schema = `abandoned_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
    const file = `/tmp/abandoned-${schema}.sqlite`;
    let clock: FakeClock;
    let school = testSchool();
    const tom: flow.Reporter = { platform: 'teams', platformUserId: '29:tom', email: EMAILS.teacher };
    const deps = (i = 0) => ({ store: stores[i], school, clock });

    beforeEach(async function () {
      clock = new FakeClock(new Date('2026-11-23T14:02:00Z'));
      school = testSchool();
      try {
        const open = () => (engine === 'SQLite' ? openStore(`sqlite:${file}`, { create: true }) : openStore(PG, { schema, create: true }));
        stores = [await open(), await open()];
      } catch (err) {
        if (engine === 'PostgreSQL' && process.env.REQUIRE_POSTGRES !== '1') this.skip();
        throw err;
      }
    });
    afterEach(async () => {
      const opened = stores.splice(0);
      for (const s of opened) await s.close();
      if (engine === 'PostgreSQL' && opened.length) await dropCreatedSchema(schema, PG);
      stores = [];
      for (const suffix of ['', '-wal', '-shm', '.initialised']) fs.rmSync(file + suffix, { force: true });
    });

    /** Starts a report as `who`, says a child is in immediate danger, and stops there. */
    async function startUrgent(who = tom, category = 'pupil'): Promise<string> {
      const { view } = await flow.startReport(deps(), who);
      const id = (view as { draftId: string }).draftId;
      await flow.answerStep(deps(), who, id, 'category', { category });
      await flow.answerStep(deps(), who, id, 'danger', { immediate_danger: 'yes' });
      return id;
    }

    const rows = async (): Promise<OutboxMessage[]> => {
      const all: OutboxMessage[] = [];
      // Draft notices have no incident: claim them as a worker would, then look.
      for (const m of await stores[0].outbox.claimDue(new Date(clock.now().getTime() + 3600_000), 'test', 1, 100)) all.push(m);
      return all;
    };
    const to = (ms: OutboxMessage[], kind: string) => ms.filter((m) => m.kind === kind).map((m) => (m.recipient.type === 'person' ? m.recipient.email : '')).sort();

    it('tells the DSL and both deputies, and reminds Tom once, after 15 idle minutes — not before, and never twice', async () => {
      const id = await startUrgent();
      clock.advance(14 * MIN);
      assert.equal(await sweepAbandonedUrgentDrafts(deps()), 0, 'nothing at 14 minutes');
      clock.advance(1 * MIN);
      // Two instances sweeping at the same moment queue each notice once.
      const counts = await Promise.all([sweepAbandonedUrgentDrafts(deps(0)), sweepAbandonedUrgentDrafts(deps(1))]);
      assert.equal(counts[0] + counts[1], 2);
      clock.advance(60 * MIN);
      assert.equal(await sweepAbandonedUrgentDrafts(deps()), 0, 'never again for the same draft');
      const ms = await rows();
      assert.deepEqual(to(ms, MESSAGE_KINDS.dslUrgentDraft), [EMAILS.deputy2, EMAILS.deputy1, EMAILS.dsl].sort());
      assert.deepEqual(to(ms, MESSAGE_KINDS.reporterUrgentDraft), [EMAILS.teacher]);
      const alert = ms.find((m) => m.kind === MESSAGE_KINDS.dslUrgentDraft)!;
      assert.equal(alert.payload.code, draftCode(id));
      assert.equal(alert.payload.reporterEmail, EMAILS.teacher);
      assert.equal(alert.payload.startedAt, new Date('2026-11-23T14:02:00Z').getTime());
      const draft = await stores[0].drafts.get(id);
      assert.ok(draft?.dangerAlertedAt && draft.reporterRemindedAt);
    });

    it('counts the idle time from the last answer, so someone still typing is left alone', async () => {
      const id = await startUrgent();
      clock.advance(10 * MIN);
      await flow.answerStep(deps(), tom, id, 'pupil_when_where', { occurred_date: '2026-11-23', location: 'online_home' });
      clock.advance(10 * MIN);
      assert.equal(await sweepAbandonedUrgentDrafts(deps()), 0);
      clock.advance(5 * MIN);
      assert.equal(await sweepAbandonedUrgentDrafts(deps()), 2);
    });

    it('waits as long as the school file says', async () => {
      school = testSchool({ reporting: { urgent_acknowledge_minutes: 15, draft_expiry_hours: 72, urgent_draft_alert_minutes: 40 } });
      await startUrgent();
      clock.advance(39 * MIN);
      assert.equal(await sweepAbandonedUrgentDrafts(deps()), 0);
      clock.advance(1 * MIN);
      assert.equal(await sweepAbandonedUrgentDrafts(deps()), 2);
    });

    it('says nothing about a draft whose reporter answered no, or changed yes to no', async () => {
      const { view } = await flow.startReport(deps(), tom);
      const id = (view as { draftId: string }).draftId;
      await flow.answerStep(deps(), tom, id, 'category', { category: 'pupil' });
      await flow.answerStep(deps(), tom, id, 'danger', { immediate_danger: 'yes' });
      await flow.stepBack(deps(), tom, id);
      await flow.answerStep(deps(), tom, id, 'danger', { immediate_danger: 'no' });
      clock.advance(3 * 3600_000);
      assert.equal(await sweepAbandonedUrgentDrafts(deps()), 0);
    });

    it('leaves out a deputy who started the draft themselves', async () => {
      await startUrgent({ platform: 'slack', platformUserId: 'UDEV', email: EMAILS.deputy1 });
      clock.advance(15 * MIN);
      await sweepAbandonedUrgentDrafts(deps());
      const ms = await rows();
      assert.deepEqual(to(ms, MESSAGE_KINDS.dslUrgentDraft), [EMAILS.deputy2, EMAILS.dsl].sort());
      assert.deepEqual(to(ms, MESSAGE_KINDS.reporterUrgentDraft), [EMAILS.deputy1]);
    });

    it('sends a staff concern about the headteacher to the chair only, never to the head or the DSL team', async () => {
      const id = await startUrgent(tom, 'staff');
      await flow.answerStep(deps(), tom, id, 'staff_subject', { subject_email: EMAILS.head });
      clock.advance(15 * MIN);
      await sweepAbandonedUrgentDrafts(deps());
      assert.deepEqual(to(await rows(), MESSAGE_KINDS.dslUrgentDraft), [EMAILS.chair]);
    });

    it('never purges an urgent draft before its alert is queued, even after a long outage, and purges it after', async () => {
      const id = await startUrgent();
      // The bot was down past the draft's expiry: the purge runs first on restart and must wait.
      clock.advance(73 * 3600_000);
      assert.equal(await purgeAbandonedDrafts(deps()), 0);
      assert.ok(await stores[0].drafts.get(id));
      assert.equal(await sweepAbandonedUrgentDrafts(deps()), 2);
      assert.equal(await purgeAbandonedDrafts(deps()), 1);
      assert.equal(await stores[0].drafts.get(id), null);
      // The queued alert does not need the draft any more.
      assert.equal(to(await rows(), MESSAGE_KINDS.dslUrgentDraft).length, 3);
    });

    it('alerts at expiry even when the draft was touched a moment before', async () => {
      const id = await startUrgent();
      clock.advance(72 * 3600_000 - 2 * MIN);
      await flow.stepBack(deps(), tom, id);
      clock.advance(2 * MIN);
      assert.equal(await purgeAbandonedDrafts(deps()), 0);
      assert.equal(await sweepAbandonedUrgentDrafts(deps()), 2);
    });

    it('puts nothing the reporter typed into the notices', async () => {
      const id = await startUrgent();
      await flow.answerStep(deps(), tom, id, 'pupil_when_where', { occurred_date: '2026-11-23', location: 'online_home' });
      await flow.answerStep(deps(), tom, id, 'pupil_people', { person1_name: 'Sam Okafor (Year 5)', person1_group: 'pupil', person1_part: 'target' });
      clock.advance(15 * MIN);
      await sweepAbandonedUrgentDrafts(deps());
      assert.doesNotMatch(JSON.stringify(await rows()), /Okafor|online_home|Year 5/);
    });
  });
}

describe('school file: reporting.urgent_draft_alert_minutes', () => {
  const base = testSchool().file;
  it('defaults to 15 minutes', () => {
    assert.equal(base.reporting.urgent_draft_alert_minutes, 15);
  });
  it('refuses a value that would come after the draft is deleted', () => {
    const r = schoolSchema.safeParse({ ...base, reporting: { urgent_acknowledge_minutes: 15, draft_expiry_hours: 1, urgent_draft_alert_minutes: 60 } });
    assert.equal(r.success, false);
    assert.match(JSON.stringify(r.error?.issues), /shorter than draft_expiry_hours/);
  });
});
