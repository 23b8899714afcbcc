/**
 * The reporter is told the truth, never a delivery that has not happened: "we are now telling…" at submission, then exactly one
 * follow-up — delivered, or the fallback — decided by the outbox worker's outcomes. On SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Incident, OutboxMessage, RouteName } from '../../../src/core/model';
import type { Store } from '../../../src/core/ports';
import { MESSAGE_KINDS } from '../../../src/core/notify/enqueue';
import { OutboxWorker, type DeliveryResult, type Sender } from '../../../src/core/notify/worker';
import { confirmationText, followUpReporter } from '../../../src/core/notify/reporter-follow-up';
import { rendered } from '../../helpers/outbox';
import { openStore } from '../../../src/store';
import { FakeClock } from '../../helpers/clock';
import { EMAILS, testSchool } from '../../helpers/school';
import { newIncident } from '../../store/support/fixtures';
import { PG_URL, requirePostgresOrSkip } from '../../store/support/postgres';
import { dropCreatedSchema } from '../../helpers/pg-schema';
import { visibleLines } from '../../cards/walk';

const shown = (card: unknown) => visibleLines(card).join('\n');

describe('notify: what the confirmation says about who is told', () => {
  const school = testSchool({ routes: { concern_about_chair: EMAILS.vice, lado: { name: 'Demo LADO', phone: '020 7946 0000' } } });

  it('says the headteacher is being told now, never that they have been told', () => {
    const text = confirmationText('headteacher', school);
    assert.match(text, /^We are now telling the headteacher, privately\./);
    assert.match(text, /We will message you here when they have it/);
    assert.doesNotMatch(text, /have told/i);
  });

  it('tells a reporter whose concern must go to the LADO that nobody in school was sent it, with the number', () => {
    const text = confirmationText('lado_direct', school);
    assert.match(text, /has not been sent to anyone in school/);
    assert.match(text, /Demo LADO \(020 7946 0000\)/);
    assert.doesNotMatch(text, /We are now telling/);
  });
});

for (const engine of ['SQLite', 'PostgreSQL'] as const) {
  describe(`notify: the reporter's one follow-up (${engine})`, function () {
    const clock = new FakeClock();
    const school = testSchool();
    const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    let n = 0;
    let schema = '';
    let store: Store;

    before(async function () {
      if (engine === 'PostgreSQL') await requirePostgresOrSkip(this, 'reporter follow-up');
    });
    beforeEach(async () => {
      n += 1;
      schema = `followup_${run}_${n}`;
      store = engine === 'SQLite' ? await openStore('sqlite::memory:') : await openStore(PG_URL, { schema, create: true });
    });
    afterEach(async () => {
      await store.close();
      if (engine === 'PostgreSQL') await dropCreatedSchema(schema, PG_URL);
    });

    const deps = () => ({ store, school, clock });
    const worker = (sender: Sender, owner = 'w1', maxAttempts = 12) => new OutboxWorker(deps(), sender, { owner, random: () => 0.5, maxAttempts });
    /** A sender that answers by recipient: `refuse` are refused for good, `flaky` fail every time (retryable). */
    const sender = (o: { refuse?: string[]; flaky?: string[] } = {}): Sender & { calls: OutboxMessage[] } => {
      const calls: OutboxMessage[] = [];
      return {
        calls,
        async deliver(msg): Promise<DeliveryResult> {
          calls.push(msg);
          const key = msg.recipient.type === 'person' ? msg.recipient.email : msg.recipient.type;
          if (o.refuse?.includes(key)) return { ok: false, reason: 'final', code: 'ConversationBlockedByUser' };
          if (o.flaky?.includes(key)) return { ok: false, reason: 'retryable', code: 'HTTP_502' };
          return { ok: true };
        },
      };
    };
    async function report(route: RouteName, rows: { kind: string; key: string; to: string | 'dsl_channel' }[], over: Partial<Incident> = {}) {
      const incident = await store.incidents.create(newIncident({ route, reporterEmail: EMAILS.teacher, category: route === 'dsl_team' ? 'pupil' : 'staff', ...over }), 'OS', 2026);
      for (const r of rows) {
        const recipient = r.to === 'dsl_channel' ? ({ type: 'dsl_channel' } as const) : ({ type: 'person', email: r.to } as const);
        await store.outbox.enqueue({ dedupeKey: r.key.replace('$', incident.id), kind: r.kind, recipient, incidentId: incident.id, payload: {}, nextAttemptAt: clock.now() }, clock.now());
      }
      return incident;
    }
    const toReporter = async (incident: Incident) =>
      (await store.outbox.listByIncident(incident.id)).filter((r) => r.recipient.type === 'person' && r.recipient.email === EMAILS.teacher);
    const drain = async (s: Sender, maxAttempts = 12) => {
      for (let i = 0; i < 20; i++) {
        await worker(s, 'w1', maxAttempts).runOnce();
        clock.advance(3_600_000);
      }
    };

    it('tells the reporter once that the headteacher has their report, after the card was delivered', async () => {
      const incident = await report('headteacher', [{ kind: MESSAGE_KINDS.directCard, key: 'report:$:direct:head', to: EMAILS.head }]);
      const s = sender();
      await worker(s).runOnce();
      assert.deepEqual((await toReporter(incident)).map((r) => r.kind), [MESSAGE_KINDS.reporterDelivered], 'enqueued only after the delivery');
      await drain(s);
      const sentToReporter = s.calls.filter((c) => c.recipient.type === 'person' && c.recipient.email === EMAILS.teacher);
      assert.equal(sentToReporter.length, 1);
      const text = shown((await rendered(deps(), sentToReporter[0])).card);
      assert.match(text, new RegExp(`The headteacher has your report ${incident.reference}`));
    });

    it('sends no follow-up while the first-route card has not been delivered', async () => {
      const incident = await report('headteacher', [{ kind: MESSAGE_KINDS.directCard, key: 'report:$:direct:head', to: EMAILS.head }]);
      await worker(sender({ flaky: [EMAILS.head] })).runOnce();
      assert.deepEqual(await toReporter(incident), []);
    });

    it('sends one follow-up when the channel card and both pages are all delivered', async () => {
      const incident = await report('dsl_team', [
        { kind: MESSAGE_KINDS.channelCard, key: 'report:$:channel', to: 'dsl_channel' },
        { kind: MESSAGE_KINDS.page, key: `page:$:1:${EMAILS.dsl}`, to: EMAILS.dsl },
        { kind: MESSAGE_KINDS.page, key: `page:$:1:${EMAILS.deputy1}`, to: EMAILS.deputy1 },
      ], { urgent: true });
      await drain(sender());
      const rows = await toReporter(incident);
      assert.deepEqual(rows.map((r) => [r.kind, r.status]), [[MESSAGE_KINDS.reporterDelivered, 'sent']]);
    });

    it('enqueues one follow-up when two workers deliver two of its cards at the same time, or a retry runs the rule again', async () => {
      const incident = await report('dsl_team', [
        { kind: MESSAGE_KINDS.channelCard, key: 'report:$:channel', to: 'dsl_channel' },
        { kind: MESSAGE_KINDS.page, key: `page:$:1:${EMAILS.dsl}`, to: EMAILS.dsl },
      ], { urgent: true });
      const [a, b] = await store.outbox.listByIncident(incident.id);
      await Promise.all([a, b].map((row) => store.transaction((tx) => followUpReporter(tx, school, row, 'sent', clock.now()))));
      await store.transaction((tx) => followUpReporter(tx, school, a, 'sent', clock.now()));
      assert.equal((await toReporter(incident)).length, 1);
    });

    it('takes the existing fallback as the follow-up when the headteacher cannot be reached: one message, no "delivered"', async () => {
      const incident = await report('headteacher', [
        { kind: MESSAGE_KINDS.directCard, key: 'report:$:direct:head', to: EMAILS.head },
        { kind: MESSAGE_KINDS.page, key: `page:$:1:${EMAILS.head}`, to: EMAILS.head },
      ], { urgent: true });
      await drain(sender({ refuse: [EMAILS.head] }));
      assert.deepEqual((await toReporter(incident)).map((r) => r.kind), [MESSAGE_KINDS.reporterFallback]);
    });

    it('tells the reporter to contact the headteacher directly when the card failed after its last attempt', async () => {
      const incident = await report('headteacher', [{ kind: MESSAGE_KINDS.directCard, key: 'report:$:direct:head', to: EMAILS.head }]);
      const s = sender({ flaky: [EMAILS.head] });
      await drain(s, 3);
      const rows = await toReporter(incident);
      assert.deepEqual(rows.map((r) => [r.kind, r.status]), [[MESSAGE_KINDS.reporterFallback, 'sent']]);
      const text = shown((await rendered(deps(), rows[0])).card);
      assert.match(text, /Please contact the headteacher directly/);
    });

    it('waits for the DSL team’s direct messages when the channel card cannot be posted, then says the team has it', async () => {
      const incident = await report('dsl_team', [{ kind: MESSAGE_KINDS.channelCard, key: 'report:$:channel', to: 'dsl_channel' }]);
      await worker(sender({ refuse: ['dsl_channel'] })).runOnce();
      assert.deepEqual(await toReporter(incident), [], 'the fallback DMs are still on their way');
      await drain(sender());
      const rows = await toReporter(incident);
      assert.deepEqual(rows.map((r) => r.kind), [MESSAGE_KINDS.reporterDelivered]);
      assert.match(shown((await rendered(deps(), rows[0])).card), /The safeguarding team \(the DSL and deputies\) has your report/);
    });

    it('tells the reporter to speak to the DSL when nothing of a DSL-team report could be delivered', async () => {
      const incident = await report('dsl_team', [{ kind: MESSAGE_KINDS.channelCard, key: 'report:$:channel', to: 'dsl_channel' }]);
      await drain(sender({ refuse: ['dsl_channel', EMAILS.dsl, EMAILS.deputy1, EMAILS.deputy2] }));
      const rows = await toReporter(incident);
      assert.deepEqual(rows.map((r) => r.kind), [MESSAGE_KINDS.reporterFallback]);
      assert.match(shown((await rendered(deps(), rows[0])).card), /Please speak to the DSL/);
    });

    it('tells the reporter once when the last two direct messages of a DSL-team report fail at the same moment', async () => {
      const incident = await report('dsl_team', [
        { kind: MESSAGE_KINDS.directCard, key: `fallback:$:channel:${EMAILS.dsl}`, to: EMAILS.dsl },
        { kind: MESSAGE_KINDS.directCard, key: `fallback:$:channel:${EMAILS.deputy1}`, to: EMAILS.deputy1 },
      ]);
      const rows = await store.outbox.claimDue(clock.now(), 'w1', 60_000, 10);
      assert.equal(rows.length, 2);
      // Two worker lanes record their refusals in their own transactions, both marked before either
      // decides (on PostgreSQL; SQLite runs transactions one at a time, so there they simply queue).
      const together = engine === 'PostgreSQL' ? rows.length : 1;
      let marked = 0;
      let allMarked!: () => void;
      const bothMarked = new Promise<void>((resolve) => (allMarked = resolve));
      await Promise.all(rows.map((row) => store.transaction(async (tx) => {
        const mine = await tx.outbox.markFinal(row.id, 'w1', 'unreachable', 'ConversationBlockedByUser');
        if (++marked >= together) allMarked();
        await bothMarked;
        if (mine) await followUpReporter(tx, school, row, 'unreachable', clock.now());
      })));
      assert.deepEqual((await toReporter(incident)).map((r) => r.kind), [MESSAGE_KINDS.reporterFallback]);
    });

    it('says only "the chair of governors" for an allegation about the head, and nothing of any outcome', async () => {
      const incident = await report('chair_of_governors', [{ kind: MESSAGE_KINDS.directCard, key: 'report:$:direct:chair', to: EMAILS.chair }], { subjectEmail: EMAILS.head, subjectName: 'Hana Head', outcome: 'Referred to the LADO' });
      await drain(sender());
      const [row] = await toReporter(incident);
      const text = shown((await rendered(deps(), row)).card);
      assert.match(text, /The chair of governors has your report/);
      assert.doesNotMatch(text, /Hana|Chris|LADO|Referred/);
    });

    it('is not started by a re-page, a card refresh or a message to the reporter', async () => {
      const incident = await report('dsl_team', [
        { kind: MESSAGE_KINDS.page, key: `page:$:2:${EMAILS.dsl}`, to: EMAILS.dsl },
        { kind: MESSAGE_KINDS.reporterClosed, key: 'closed:$', to: EMAILS.teacher },
      ]);
      await drain(sender());
      assert.deepEqual((await toReporter(incident)).map((r) => r.kind), [MESSAGE_KINDS.reporterClosed]);
    });
  });
}
