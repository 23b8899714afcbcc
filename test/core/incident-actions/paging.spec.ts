import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openStore } from '../../../src/store';
import type { Store } from '../../../src/core/ports';
import { sweepUrgentPages, MAX_PAGE_LEVEL } from '../../../src/core/incident-actions/paging';
import { FakeClock } from '../../helpers/clock';
import { dropCreatedSchema } from '../../helpers/pg-schema';
import { EMAILS, testSchool } from '../../helpers/school';
import { MESSAGE_KINDS } from '../../../src/core/notify/enqueue';

const PG = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

for (const engine of ['SQLite', 'PostgreSQL'] as const) {
  describe(`escalations: re-paging unacknowledged urgent concerns (${engine})`, function () {
    let stores: Store[] = [];
    const schema = `paging_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
    const dir = `/tmp/paging-${schema}.sqlite`;
    const clock = new FakeClock(new Date('2026-11-23T10:00:00Z'));
    const school = testSchool();

    beforeEach(async function () {
      try {
        const open = () => (engine === 'SQLite' ? openStore(`sqlite:${dir}`, { create: true }) : openStore(PG, { schema, create: true }));
        stores = [await open(), await open()];
      } catch (err) {
        if (engine === 'PostgreSQL' && process.env.REQUIRE_POSTGRES !== '1') {
          console.warn(`PostgreSQL paging tests skipped: ${(err as Error).message}. Set TEST_DATABASE_URL (and REQUIRE_POSTGRES=1 in CI).`);
          this.skip();
        }
        throw err;
      }
    });
    afterEach(async () => {
      const opened = stores.splice(0);
      for (const s of opened) await s.close();
      if (engine === 'PostgreSQL' && opened.length) await dropCreatedSchema(schema, PG);
      for (const suffix of ['', '-wal', '-shm', '.initialised']) fs.rmSync(dir + suffix, { force: true });
    });

    it('pages each round exactly once, even with two sweepers running at the same moment', async () => {
      const [a, b] = stores;
      const incident = await a.incidents.create(
        { category: 'pupil', kinds: [], urgent: true, serious: true, immediateDanger: true, status: 'reported', reporterEmail: EMAILS.teacher, reporterPlatform: 'teams', subjectEmail: null, subjectName: null, route: 'dsl_team', ownerEmail: null, answers: {}, occurredAt: null, reportedAt: clock.now(), acknowledgedAt: null, closedAt: null, outcome: null, pageLevel: 1, nextPageAt: new Date(clock.now().getTime() + 15 * 60_000) },
        'OS',
        2026,
      );
      clock.advance(16 * 60_000);
      const results = await Promise.all([sweepUrgentPages({ store: a, school, clock }), sweepUrgentPages({ store: b, school, clock })]);
      assert.equal(results[0] + results[1], 1);
      const pages = (await a.outbox.listByIncident(incident.id)).filter((m) => m.kind === MESSAGE_KINDS.page);
      assert.deepEqual(pages.map((p) => (p.recipient.type === 'person' ? p.recipient.email : '')).sort(), [EMAILS.deputy2, EMAILS.dsl, EMAILS.deputy1, EMAILS.head].sort());
      // A bot that was down for hours catches up with one round, not one per missed interval.
      clock.advance(5 * 3600_000);
      assert.equal(await sweepUrgentPages({ store: a, school, clock }), 1);
      assert.equal((await a.incidents.get(incident.id))!.pageLevel, 3);
      clock.advance(16 * 60_000);
      await sweepUrgentPages({ store: a, school, clock });
      clock.advance(16 * 60_000);
      assert.equal(await sweepUrgentPages({ store: a, school, clock }), 0, `paging stops at level ${MAX_PAGE_LEVEL}`);
    });

    it('falls back from the headteacher to the chair, then the named alternate, for an unacknowledged urgent staff concern, and gives the reporter the LADO number once', async () => {
      const [a] = stores;
      const incident = await a.incidents.create(
        { category: 'staff', kinds: [], urgent: true, serious: true, immediateDanger: true, status: 'reported', reporterEmail: EMAILS.teacher2, reporterPlatform: 'teams', subjectEmail: EMAILS.dsl, subjectName: 'Dana DSL', route: 'headteacher', ownerEmail: null, answers: { subject_email: EMAILS.dsl }, occurredAt: null, reportedAt: clock.now(), acknowledgedAt: null, closedAt: null, outcome: null, pageLevel: 1, nextPageAt: new Date(clock.now().getTime() + 15 * 60_000) },
        'OS',
        2026,
      );
      const pagedAt = async (level: number) =>
        (await a.outbox.listByIncident(incident.id)).filter((m) => m.kind === MESSAGE_KINDS.page && m.payload.level === level).map((m) => (m.recipient.type === 'person' ? m.recipient.email : '')).sort();
      clock.advance(14 * 60_000);
      assert.equal(await sweepUrgentPages({ store: a, school, clock }), 0, 'not yet due');
      clock.advance(2 * 60_000);
      assert.equal(await sweepUrgentPages({ store: a, school, clock }), 1);
      assert.equal(await sweepUrgentPages({ store: a, school, clock }), 0, 'the same round is not paged twice');
      assert.deepEqual(await pagedAt(2), [EMAILS.chair, EMAILS.head].sort());
      clock.advance(16 * 60_000);
      await sweepUrgentPages({ store: a, school, clock });
      assert.deepEqual(await pagedAt(3), [EMAILS.chair, EMAILS.head, EMAILS.vice].sort());
      const all = await a.outbox.listByIncident(incident.id);
      const people = all.map((m) => (m.recipient.type === 'person' ? m.recipient.email : m.recipient.type));
      for (const never of [EMAILS.dsl, EMAILS.deputy1, EMAILS.deputy2, EMAILS.osl, 'dsl_channel']) assert.ok(!people.includes(never), `${never} was told`);
      const toReporter = all.filter((m) => m.kind === MESSAGE_KINDS.reporterFallback);
      assert.deepEqual(toReporter.map((m) => [m.recipient.type === 'person' && m.recipient.email, m.payload.reason]), [[EMAILS.teacher2, 'not_acknowledged']]);
    });

    it('skips the subject along the fallback chain: a concern about the headteacher falls back from the chair to the alternate', async () => {
      const [a] = stores;
      const incident = await a.incidents.create(
        { category: 'pupil', kinds: [], urgent: true, serious: true, immediateDanger: true, status: 'reported', reporterEmail: EMAILS.teacher2, reporterPlatform: 'teams', subjectEmail: EMAILS.head, subjectName: 'Hana Head', route: 'chair_of_governors', ownerEmail: null, answers: { person1_name: 'Mrs Head', person1_group: 'staff', person1_part: 'alleged_perpetrator', person1_confirm: EMAILS.head }, occurredAt: null, reportedAt: clock.now(), acknowledgedAt: null, closedAt: null, outcome: null, pageLevel: 1, nextPageAt: new Date(clock.now().getTime() + 15 * 60_000) },
        'OS',
        2026,
      );
      clock.advance(16 * 60_000);
      await sweepUrgentPages({ store: a, school, clock });
      const pages = (await a.outbox.listByIncident(incident.id)).filter((m) => m.kind === MESSAGE_KINDS.page);
      assert.deepEqual(pages.map((m) => (m.recipient.type === 'person' ? m.recipient.email : '')).sort(), [EMAILS.chair, EMAILS.vice].sort());
    });
  });
}
