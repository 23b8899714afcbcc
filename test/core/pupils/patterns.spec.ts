/**
 * Issue #11, 000 part 2 "pattern of incidents": the pattern rules on fake time — a pupil's Nth
 * concern in a window, a pupil named again as alleged perpetrator, a kind rising well above its
 * usual rate — and the check that runs in the submission's transaction, recording each alert once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { openStore } from '../../../src/store';
import type { Store } from '../../../src/core/ports';
import type { Incident, OutboxMessage } from '../../../src/core/model';
import type { PupilLink, PupilPart } from '../../../src/core/pupils/model';
import { checkPatternsAfterReport, checkPupilPatterns, concernsByRule, countsTowardPatterns, flaggedAlready, kindSpikeFinding, repeatedFinding, type CountedConcern } from '../../../src/core/pupils/patterns';
import { DEFAULT_PATTERN_SETTINGS } from '../../../src/core/pupils/pattern-settings';
import { describeEvent } from '../../../src/views/incident';
import { fallbackFor } from '../../../src/core/routing/fallback';
import { MESSAGE_KINDS } from '../../../src/core/notify/kinds';
import { patternWords } from '../../../src/views/patterns';
import { FakeClock } from '../../helpers/clock';
import { EMAILS, testSchool } from '../../helpers/school';
import { PICKER_PUPILS } from '../../helpers/mis-files';
import { newIncident } from '../../store/support/fixtures';
import { pgAdmin, PG_URL, requirePostgresOrSkip } from '../../store/support/postgres';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = new Date('2026-11-23T10:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const concern = (incidentId: string, msAgo: number): CountedConcern => ({ incidentId, reportedAt: ago(msAgo) });
const CONCERNS = { count: 3, days: 42, off: false };
const SPIKE = { ...DEFAULT_PATTERN_SETTINGS.kind_spike };

describe('patterns: a pupil’s repeated concerns (pure rule)', () => {
  it('flags the third concern within 42 days, with the concerns oldest first', () => {
    const found = repeatedFinding('repeated_concerns', 'MIS1', [concern('c3', 0), concern('c1', 40 * DAY), concern('c2', 3 * DAY)], 'c3', CONCERNS, NOW);
    assert.deepEqual(found, { rule: 'repeated_concerns', subject: 'MIS1', incidentIds: ['c1', 'c2', 'c3'], count: 3, windowDays: 42, baselineCount: null, baselineDays: null });
  });

  it('does not count a concern reported 43 days ago, so two recent ones are not yet a pattern', () => {
    assert.equal(repeatedFinding('repeated_concerns', 'MIS1', [concern('old', 43 * DAY), concern('c2', 2 * DAY), concern('c3', 0)], 'c3', CONCERNS, NOW), null);
  });

  it('counts a concern reported exactly 42 days ago as within the window', () => {
    assert.equal(repeatedFinding('repeated_concerns', 'MIS1', [concern('edge', 42 * DAY), concern('c2', DAY), concern('c3', 0)], 'c3', CONCERNS, NOW)?.count, 3);
  });

  it('flags nothing when the concern that tripped it is itself outside the window (an old report linked today)', () => {
    assert.equal(repeatedFinding('repeated_concerns', 'MIS1', [concern('linked', 90 * DAY), concern('c2', DAY), concern('c3', 2 * HOUR)], 'linked', CONCERNS, NOW), null);
  });

  it('counts a concern that names the pupil in two rows once', () => {
    assert.equal(repeatedFinding('repeated_concerns', 'MIS1', [concern('c1', DAY), concern('c1', DAY), concern('c2', 0)], 'c2', CONCERNS, NOW), null);
  });

  it('flags nothing when the school turned the rule off', () => {
    assert.equal(repeatedFinding('repeated_concerns', 'MIS1', [concern('a', 2), concern('b', 1), concern('c', 0)], 'c', { ...CONCERNS, off: true }, NOW), null);
  });

  it('counts the parts a report gave: any part but witness alone; alleged perpetrator for the second rule', () => {
    const link = (incidentId: string, part: PupilPart | null, row = 1): PupilLink => ({ incidentId, misId: 'MIS1', row, part, linkedBy: null, linkedAt: NOW });
    const incidents = ['t', 'w', 'n', 'wp'].map((id) => ({ id, reportedAt: NOW }));
    const byRule = concernsByRule([link('t', 'target'), link('w', 'witness'), link('n', null), link('wp', 'witness', 1), link('wp', 'alleged_perpetrator', 2)], incidents);
    assert.deepEqual(byRule.repeated_concerns.map((c) => c.incidentId), ['t', 'n', 'wp']);
    assert.deepEqual(byRule.repeated_perpetrator.map((c) => c.incidentId), ['wp']);
  });
});

describe('patterns: a kind rising well above its usual rate (pure rule)', () => {
  const report = (id: string, msAgo: number, kinds = ['online_bullying']) => ({ id, kinds, reportedAt: ago(msAgo) });
  /** A year of records: one online-bullying concern a month, then `recent` more in the last days. */
  const history = (recent: number) => [
    ...Array.from({ length: 6 }, (_, i) => report(`m${i}`, (20 + i * 30) * DAY)),
    report('other-kind', 16 * DAY, ['hate_material']),
    ...Array.from({ length: recent }, (_, i) => report(`r${i}`, i * HOUR)),
  ];
  const first = ago(365 * DAY);

  it('flags six concerns in 14 days against a usual of about one every two fortnights', () => {
    const found = kindSpikeFinding('online_bullying', history(6), first, 'r0', SPIKE, NOW);
    assert.ok(found);
    assert.equal(found.count, 6);
    assert.deepEqual([found.baselineCount, found.baselineDays, found.windowDays], [6, 182, 14]);
    assert.deepEqual(found.incidentIds, ['r5', 'r4', 'r3', 'r2', 'r1', 'r0'], 'oldest first');
  });

  it('does not flag four, under the school’s minimum count, however low the usual rate', () => {
    assert.equal(kindSpikeFinding('online_bullying', history(4), first, 'r0', SPIKE, NOW), null);
  });

  it('does not flag a kind that is always this busy: five a fortnight is its usual rate', () => {
    const busy = [...Array.from({ length: 65 }, (_, i) => report(`b${i}`, 15 * DAY + i * 2.7 * DAY)), ...Array.from({ length: 5 }, (_, i) => report(`r${i}`, i * HOUR))];
    assert.equal(kindSpikeFinding('online_bullying', busy, first, 'r0', SPIKE, NOW), null);
    assert.ok(kindSpikeFinding('online_bullying', busy, first, 'r0', { ...SPIKE, factor: 1.01, min_count: 5 }, NOW) === null, 'not even at a factor just over 1');
  });

  it('reads no usual rate for a school new to the bot: less than one window of records before this one', () => {
    const burst = Array.from({ length: 8 }, (_, i) => report(`r${i}`, i * HOUR));
    assert.equal(kindSpikeFinding('online_bullying', burst, ago(20 * DAY), 'r0', SPIKE, NOW), null);
    assert.equal(kindSpikeFinding('online_bullying', burst, null, 'r0', SPIKE, NOW), null);
  });

  it('averages over the records it has when they cover less than the whole baseline', () => {
    // Records since 44 days ago: a 30-day baseline, none of this kind, so five now is a spike.
    const found = kindSpikeFinding('online_bullying', Array.from({ length: 5 }, (_, i) => report(`r${i}`, i * HOUR)), ago(44 * DAY), 'r0', SPIKE, NOW);
    assert.deepEqual([found?.baselineCount, found?.baselineDays], [0, 30]);
  });

  it('only flags a kind of the concern just reported, and nothing when the rule is off', () => {
    assert.equal(kindSpikeFinding('hate_material', history(6), first, 'r0', SPIKE, NOW), null);
    assert.equal(kindSpikeFinding('online_bullying', history(6), first, 'r0', { ...SPIKE, off: true }, NOW), null);
  });

  it('says what the spike is in words, without listing which concern is which kind', () => {
    const words = patternWords({ rule: 'kind_spike', subject: 'online_bullying', count: 6, windowDays: 14, baselineCount: 6, baselineDays: 182 });
    assert.match(words.title, /Online bullying or harassment \(Conduct\)/);
    assert.match(words.text, /6 concerns of this kind in the last 14 days; usually about 0\.5 per 14 days \(over the 182 days before\)/);
  });
});

describe('patterns: one alert per occurrence', () => {
  it('holds back a second alert of the same pattern within its window, and lets one through after', () => {
    assert.equal(flaggedAlready(null, 42, NOW), false);
    assert.equal(flaggedAlready({ raisedAt: ago(41 * DAY) }, 42, NOW), true);
    assert.equal(flaggedAlready({ raisedAt: ago(42 * DAY) }, 42, NOW), false);
  });

  it('counts only concerns routed to the DSL team, never an allegation routed to the headteacher', () => {
    const school = testSchool();
    assert.equal(countsTowardPatterns(school, { route: 'dsl_team', category: 'pupil', answers: {}, subjectEmail: null }), true);
    assert.equal(countsTowardPatterns(school, { route: 'headteacher', category: 'pupil', answers: {}, subjectEmail: EMAILS.teacher }), false);
    // An older record routed to the team but about someone who reads the channel is left out too.
    assert.equal(countsTowardPatterns(school, { route: 'dsl_team', category: 'pupil', answers: {}, subjectEmail: EMAILS.osl }), false);
  });
});

describe('patterns: an alert the DSL channel cannot take', () => {
  it('goes to the DSL and each deputy by direct message instead, never wider, and only once each', () => {
    const school = testSchool();
    const msg = { kind: MESSAGE_KINDS.patternAlert, recipient: { type: 'dsl_channel' }, dedupeKey: 'pattern:a1:channel', payload: { alertId: 'a1' } } as unknown as OutboxMessage;
    const incident = { ...newIncident(), id: 'i1', reference: 'OS-2026-0001', version: 1 } as Incident;
    const out = fallbackFor(school, msg, incident);
    assert.deepEqual(out.map((f) => [f.kind, f.recipient, f.payload]), [EMAILS.dsl, EMAILS.deputy1, EMAILS.deputy2].map((email) => [MESSAGE_KINDS.patternAlert, { type: 'person', email }, { alertId: 'a1' }]));
    assert.equal(new Set(out.map((f) => f.dedupeKey)).size, 3);
    // A direct message that fails is not passed on again.
    assert.deepEqual(fallbackFor(school, { ...msg, recipient: { type: 'person', email: EMAILS.dsl } }, incident), []);
  });
});

describe('patterns: the school file’s patterns: section', () => {
  it('applies the defaults when the section is left out', () => {
    assert.deepEqual(testSchool().patterns, DEFAULT_PATTERN_SETTINGS);
  });

  it('takes a school’s own thresholds and switches a rule off', () => {
    const p = testSchool({ patterns: { repeated_concerns: { count: 4, days: 28 }, kind_spike: { off: true } } }).patterns;
    assert.deepEqual(p.repeated_concerns, { count: 4, days: 28, off: false });
    assert.equal(p.kind_spike.off, true);
    assert.deepEqual(p.repeated_perpetrator, DEFAULT_PATTERN_SETTINGS.repeated_perpetrator);
  });

  it('refuses thresholds that make no pattern, each with a message naming what is wrong', () => {
    const messages = (patterns: unknown) => {
      try {
        testSchool({ patterns });
        return [];
      } catch (err) {
        return (err as { issues: { path: PropertyKey[]; message: string }[] }).issues.map((i) => `${i.path.join('.')} ${i.message}`);
      }
    };
    assert.deepEqual(messages({ repeated_concerns: { count: 1 } }), ['patterns.repeated_concerns.count must be at least 2: one concern is not a pattern']);
    assert.deepEqual(messages({ kind_spike: { factor: 1 } }), ['patterns.kind_spike.factor must be more than 1: a kind at its usual rate is not rising']);
    assert.deepEqual(messages({ kind_spike: { days: 30, baseline_days: 45 } }), ['patterns.kind_spike.baseline_days must be at least twice kind_spike.days, so the usual rate is read over more than one window']);
    assert.deepEqual(messages({ repeated_perpetrator: { days: 0 } }), ['patterns.repeated_perpetrator.days must be at least 1 day']);
    assert.equal(messages({ repeated_concerns: { count: '3' } }).length, 1, 'a number written as text is refused');
  });
});

describe('patterns: the check inside the submission’s transaction', () => {
  let store: Store;
  let clock: FakeClock;
  const school = testSchool();
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    clock = new FakeClock(NOW);
    await store.pupils.applyImport('mis-1', 'sds-v2.1', PICKER_PUPILS, '2026-11-20', clock.now());
  });
  afterEach(async () => store.close());

  /** A concern reported now, naming pupils in rows, checked as commitReport does. */
  async function report(pupils: Record<string, PupilPart | null>, over: Partial<Incident> = {}, s = school) {
    return store.transaction(async (tx) => {
      const incident = await tx.incidents.create(newIncident({ reportedAt: clock.now(), ...over }), 'OS', 2026);
      await tx.pupilLinks.add(Object.entries(pupils).map(([misId, part], i) => ({ incidentId: incident.id, misId, row: i + 1, part, linkedBy: null, linkedAt: clock.now() })));
      return { incident, alerts: await checkPatternsAfterReport(tx, s, clock.now(), incident) };
    });
  }

  it('records the alert once, with a chronology entry naming the pupil and one message to the DSL channel', async () => {
    await report({ MIS1: 'target' });
    clock.advance(9 * DAY);
    await report({ MIS1: null, MIS2: 'target' });
    clock.advance(20 * DAY + 3 * HOUR);
    const { incident, alerts } = await report({ MIS1: 'target' });
    assert.deepEqual(alerts.map((a) => [a.rule, a.subject, a.count]), [['repeated_concerns', 'MIS1', 3]]);
    const events = (await store.events.listByIncident(incident.id)).filter((e) => e.type === 'pattern_alert');
    assert.equal(events.length, 1);
    assert.equal(describeEvent(events[0]!), 'Pattern alert to the DSL team: Sam Carter (Samantha), MIS id MIS1, is named in 3 concerns in 42 days');
    const rows = (await store.outbox.listByIncident(incident.id)).filter((r) => r.kind === 'dsl.pattern_alert');
    assert.deepEqual(rows.map((r) => [r.recipient, r.payload]), [[{ type: 'dsl_channel' }, { alertId: alerts[0]!.id }]]);
    // Checking the same concern again (a retry) records nothing new.
    assert.deepEqual(await store.transaction((tx) => checkPatternsAfterReport(tx, school, clock.now(), incident)), []);
    assert.equal((await store.patternAlerts.listByIncident(incident.id)).length, 1);
  });

  it('does not alert again for a fourth concern within the window, and does once the window has passed', async () => {
    for (let n = 0; n < 3; n++) await report({ MIS1: 'target' });
    clock.advance(5 * DAY);
    assert.deepEqual((await report({ MIS1: 'target' })).alerts, []);
    clock.advance(43 * DAY);
    await report({ MIS1: 'target' });
    await report({ MIS1: 'target' });
    assert.deepEqual((await report({ MIS1: 'target' })).alerts.map((a) => a.count), [3]);
  });

  it('flags a pupil named as alleged perpetrator in a second concern within a year', async () => {
    await report({ MIS2: 'target', MIS1: 'alleged_perpetrator' });
    clock.advance(200 * DAY);
    const { alerts } = await report({ MIS4: 'target', MIS1: 'alleged_perpetrator' });
    assert.deepEqual(alerts.map((a) => [a.rule, a.subject, a.count, a.windowDays]), [['repeated_perpetrator', 'MIS1', 2, 365]]);
  });

  it('neither counts nor alerts on an allegation routed to the headteacher', async () => {
    await report({ MIS1: 'target' });
    await report({ MIS1: 'target' }, { route: 'headteacher', subjectEmail: EMAILS.teacher });
    const { alerts } = await report({ MIS1: 'target' });
    assert.deepEqual(alerts, [], 'two concerns reached the DSL team, not three');
    const third = await report({ MIS1: 'target' });
    assert.equal(third.alerts.length, 1);
    const head = (await store.incidents.listOpen(10)).find((i) => i.route === 'headteacher')!;
    assert.ok(!third.alerts[0]!.incidentIds.includes(head.id));
    assert.deepEqual(await store.transaction((tx) => checkPatternsAfterReport(tx, school, clock.now(), head)), [], 'an allegation trips nothing');
  });

  it('flags a kind once when it rises well above its usual rate, and not for each concern after', async () => {
    await report({}, { kinds: ['hate_material'] });
    clock.advance(60 * DAY);
    const raised: string[][] = [];
    for (let n = 0; n < 7; n++) {
      clock.advance(HOUR);
      raised.push((await report({}, { kinds: ['online_bullying', 'hate_material'] })).alerts.map((a) => `${a.rule}:${a.subject}:${a.count}`));
    }
    // Hate material had one concern in the 46 days before: a usual of about 0.3 a fortnight.
    assert.deepEqual(raised, [[], [], [], [], ['kind_spike:online_bullying:5', 'kind_spike:hate_material:5'], [], []]);
  });

  it('lets a DSL linking a typed name complete a pattern, tripped by the concern just linked', async () => {
    await report({ MIS4: 'target' });
    clock.advance(DAY);
    await report({ MIS4: 'target' });
    clock.advance(DAY);
    const typed = await report({});
    const alerts = await store.transaction(async (tx) => {
      await tx.pupilLinks.add([{ incidentId: typed.incident.id, misId: 'MIS4', row: 1, part: 'target', linkedBy: EMAILS.dsl, linkedAt: clock.now() }]);
      return checkPupilPatterns(tx, school, clock.now(), typed.incident, ['MIS4']);
    });
    assert.deepEqual(alerts.map((a) => [a.subject, a.incidentId]), [['MIS4', typed.incident.id]]);
  });

  it('raises nothing at all when the school turned every rule off', async () => {
    const quiet = testSchool({ patterns: { repeated_concerns: { off: true }, repeated_perpetrator: { off: true }, kind_spike: { off: true } } });
    const raised = [];
    for (let n = 0; n < 6; n++) raised.push(...(await report({ MIS1: 'alleged_perpetrator' }, {}, quiet)).alerts);
    assert.deepEqual(raised, []);
  });
});

describe('patterns: two reports about one pupil committed at once on PostgreSQL', function () {
  const schema = `patterns_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let store: Store;
  const school = testSchool();
  before(async function () {
    await requirePostgresOrSkip(this, 'pattern alerts on PostgreSQL');
    store = await openStore(PG_URL, { schema, create: true });
    await store.pupils.applyImport('mis-1', 'sds-v2.1', PICKER_PUPILS, '2026-11-20', NOW);
  });
  after(async () => {
    await store?.close();
    await pgAdmin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  it('flags the pattern once: the second waits for the first, then sees its alert', async () => {
    const report = (at: Date, pause = 0) =>
      store.transaction(async (tx) => {
        const incident = await tx.incidents.create(newIncident({ reportedAt: at }), 'OS', 2026);
        await tx.pupilLinks.add([{ incidentId: incident.id, misId: 'MIS1', row: 1, part: 'target', linkedBy: null, linkedAt: at }]);
        // Both have written their concern before either decides: without a lock each would count three.
        await new Promise((r) => setTimeout(r, pause));
        return checkPatternsAfterReport(tx, school, at, incident);
      });
    await report(ago(2 * DAY));
    await report(ago(DAY));
    const both = await Promise.all([report(NOW, 50), report(new Date(NOW.getTime() + 1), 50)]);
    assert.deepEqual(both.map((a) => a.length).sort(), [0, 1]);
  });
});
