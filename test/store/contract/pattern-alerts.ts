/** Contract: pattern alerts to the DSL team (issue #11), recorded once per occurrence, and the reads the kind rule makes. */
import assert from 'node:assert/strict';
import type { PatternAlert } from '../../../src/core/pupils/model';
import type { ContractContext } from '../support/context';
import { at, newIncident, T0 } from '../support/fixtures';

const DAY = 86_400_000;

export function patternAlertsContract(ctx: ContractContext): void {
  const incident = (ms = 0, over: Parameters<typeof newIncident>[0] = {}) => ctx.store.incidents.create(newIncident({ reportedAt: at(ms), ...over }), 'OS', 2026);
  const alert = (incidentId: string, over: Partial<Omit<PatternAlert, 'id'>> = {}): Omit<PatternAlert, 'id'> => ({
    rule: 'repeated_concerns',
    subject: 'MIS-0042',
    incidentId,
    incidentIds: [incidentId],
    count: 3,
    windowDays: 42,
    baselineCount: null,
    baselineDays: null,
    raisedAt: T0,
    ...over,
  });

  it('records an alert with every field as given, and reads it back by id and by the concern that tripped it', async () => {
    const a = await incident();
    const b = await incident(60_000);
    const saved = await ctx.store.patternAlerts.add(alert(b.id, { rule: 'kind_spike', subject: 'online_bullying', incidentIds: [a.id, b.id], count: 2, windowDays: 14, baselineCount: 7, baselineDays: 168, raisedAt: at(60_000) }));
    assert.ok(saved);
    assert.match(saved.id, /^[0-9a-f-]{36}$/);
    const read = await ctx.store.patternAlerts.get(saved.id);
    assert.deepEqual(read, saved);
    assert.equal(read!.raisedAt.getTime(), at(60_000).getTime(), 'the millisecond survives');
    assert.deepEqual(read!.incidentIds, [a.id, b.id]);
    assert.deepEqual((await ctx.store.patternAlerts.listByIncident(b.id)).map((x) => x.id), [saved.id]);
    assert.deepEqual(await ctx.store.patternAlerts.listByIncident(a.id), []);
    assert.equal(await ctx.store.patternAlerts.get('00000000-0000-4000-8000-00000000dead'), null);
  });

  it('records one alert per rule, subject and tripping concern: a second add of the same occurrence writes nothing', async () => {
    const { id } = await incident();
    const first = await ctx.store.patternAlerts.add(alert(id));
    assert.ok(first);
    assert.equal(await ctx.store.patternAlerts.add(alert(id, { count: 4, raisedAt: at(1000) })), null);
    // The same concern may trip another rule, or the same rule about another pupil.
    assert.ok(await ctx.store.patternAlerts.add(alert(id, { rule: 'repeated_perpetrator' })));
    assert.ok(await ctx.store.patternAlerts.add(alert(id, { subject: 'MIS-0043' })));
    const all = await ctx.store.patternAlerts.listByIncident(id);
    assert.equal(all.length, 3);
    assert.equal(all.find((x) => x.id === first.id)?.count, 3, 'the first record is kept as it was');
  });

  it('refuses two alerts of one occurrence added at once in two transactions: one wins, the other records nothing', async () => {
    const { id } = await incident();
    const other = await ctx.open();
    const results = await Promise.all([ctx.store.transaction((tx) => tx.patternAlerts.add(alert(id))), other.transaction((tx) => tx.patternAlerts.add(alert(id)))]);
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal((await ctx.store.patternAlerts.listByIncident(id)).length, 1);
  });

  it('gives the latest alert of a rule about a subject, whatever the order they were added in', async () => {
    const a = await incident();
    const b = await incident(DAY);
    const c = await incident(2 * DAY);
    await ctx.store.patternAlerts.add(alert(b.id, { raisedAt: at(DAY) }));
    await ctx.store.patternAlerts.add(alert(a.id, { raisedAt: T0 }));
    await ctx.store.patternAlerts.add(alert(c.id, { subject: 'MIS-0043', raisedAt: at(2 * DAY) }));
    assert.equal((await ctx.store.patternAlerts.latest('repeated_concerns', 'MIS-0042'))?.incidentId, b.id);
    assert.equal((await ctx.store.patternAlerts.latest('repeated_concerns', 'MIS-0043'))?.incidentId, c.id);
    assert.equal(await ctx.store.patternAlerts.latest('repeated_perpetrator', 'MIS-0042'), null);
    assert.equal(await ctx.store.patternAlerts.latest('kind_spike', 'MIS-0042'), null);
  });

  it('reads the DSL team’s reports since a time with their kinds, oldest first, and leaves out concerns routed elsewhere', async () => {
    const old = await incident(-10 * DAY, { kinds: ['sexting'] });
    const later = await incident(2 * DAY, { kinds: ['online_bullying', 'hate_material'] });
    const first = await incident(0, { kinds: [] });
    await incident(DAY, { route: 'headteacher', kinds: ['online_bullying'] });
    const since = await ctx.store.patternAlerts.dslReportsSince(T0);
    assert.deepEqual(
      since.map((r) => [r.id, r.kinds, r.reportedAt.getTime()]),
      [
        [first.id, [], T0.getTime()],
        [later.id, ['online_bullying', 'hate_material'], at(2 * DAY).getTime()],
      ],
    );
    assert.equal(await ctx.store.patternAlerts.firstDslReportAt().then((d) => d?.getTime()), old.reportedAt.getTime());
    assert.deepEqual(await ctx.store.patternAlerts.dslReportsSince(at(3 * DAY)), []);
  });

  it('makes a second transaction holding the same subject wait until the first has ended', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const firstHolds = new Promise<void>((resolve) => (locked = resolve));
    const first = ctx.store.transaction(async (tx) => {
      await tx.patternAlerts.lockSubjects(['pupil:MIS-0042', 'kind:online_bullying', 'pupil:MIS-0042']);
      locked();
      await held;
      order.push('first ends');
    });
    await firstHolds;
    const second = ctx.store.transaction(async (tx) => {
      await tx.patternAlerts.lockSubjects(['kind:online_bullying']);
      order.push('second holds');
    });
    await new Promise((r) => setTimeout(r, 100));
    release();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['first ends', 'second holds']);
    // Outside a transaction, or on a subject nobody holds, it returns at once.
    await ctx.store.patternAlerts.lockSubjects(['pupil:MIS-0001']);
  });

  it('has no first report before any concern reaches the DSL team', async () => {
    assert.equal(await ctx.store.patternAlerts.firstDslReportAt(), null);
    await incident(0, { route: 'chair_of_governors' });
    assert.equal(await ctx.store.patternAlerts.firstDslReportAt(), null);
  });
}
