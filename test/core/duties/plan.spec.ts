import assert from 'node:assert/strict';
import { dutiesSchema } from '../../../src/core/duties/settings';
import { digestOf, isClosedDay, levelAfter, nextAllowed, nextStageAt, stageTime, stageToSend, type Timing } from '../../../src/core/duties/plan';

const timing = (over: Record<string, unknown> = {}, tz = 'Europe/London'): Timing => ({ tz, settings: dutiesSchema.parse(over) });
const T = timing({ holidays: [{ from: '2026-12-19', to: '2027-01-03', name: 'Christmas' }] });
const iso = (d: Date) => d.toISOString();

describe('duties: when reminders may go out', () => {
  it('moves a reminder at 3 am to the end of quiet hours the same morning', () => {
    assert.equal(iso(nextAllowed(new Date('2026-11-24T03:00:00Z'), T)), '2026-11-24T07:30:00.000Z');
  });

  it('moves an evening reminder to the next morning, and Friday evening to Monday morning', () => {
    assert.equal(iso(nextAllowed(new Date('2026-11-24T19:00:00Z'), T)), '2026-11-25T07:30:00.000Z');
    assert.equal(iso(nextAllowed(new Date('2026-11-27T19:00:00Z'), T)), '2026-11-30T07:30:00.000Z');
  });

  it('sends nothing on Christmas Day or in the holiday: the first school day after it instead', () => {
    assert.equal(isClosedDay('2026-12-25', T), true);
    assert.equal(iso(nextAllowed(new Date('2026-12-25T10:00:00Z'), T)), '2027-01-04T07:30:00.000Z');
  });

  it('allows weekends when the school file says so, and a quiet window that does not span midnight', () => {
    const t = timing({ weekends: true, quiet_hours: { start: '12:00', end: '13:00' } });
    assert.equal(iso(nextAllowed(new Date('2026-11-28T12:30:00Z'), t)), '2026-11-28T13:00:00.000Z');
    assert.equal(iso(nextAllowed(new Date('2026-11-28T03:00:00Z'), t)), '2026-11-28T03:00:00.000Z');
  });

  it('keeps reminders at 08:30 local time across the change to summer time', () => {
    assert.equal(iso(stageTime('2026-03-27', 0, T)), '2026-03-27T08:30:00.000Z');
    assert.equal(iso(stageTime('2026-03-30', 0, T)), '2026-03-30T07:30:00.000Z');
    assert.equal(iso(stageTime('2026-10-26', 0, T)), '2026-10-26T08:30:00.000Z');
  });

  it('uses the school time zone, not the server’s', () => {
    const ny = timing({}, 'America/New_York');
    assert.equal(iso(stageTime('2026-11-24', 0, ny)), '2026-11-24T13:30:00.000Z');
  });
});

describe('duties: reminder stages', () => {
  const due = '2027-03-01'; // a Monday
  it('sends 30 and 7 days before, on the due day, and weekly when overdue', () => {
    // 30 days before is Saturday 30 January: it waits for Monday morning.
    assert.equal(stageToSend(due, null, new Date('2027-02-01T07:29:00Z'), T), null);
    assert.deepEqual(stageToSend(due, null, new Date('2027-02-01T07:30:00Z'), T), { offset: -30, escalated: false });
    assert.equal(stageToSend(due, -30, new Date('2027-02-20T12:00:00Z'), T), null);
    assert.deepEqual(stageToSend(due, -30, new Date('2027-02-22T08:30:00Z'), T), { offset: -7, escalated: false });
    assert.deepEqual(stageToSend(due, -7, new Date('2027-03-01T09:00:00Z'), T), { offset: 0, escalated: false });
    assert.deepEqual(stageToSend(due, 0, new Date('2027-03-08T09:00:00Z'), T), { offset: 7, escalated: false });
    assert.deepEqual(stageToSend(due, 21, new Date('2027-03-29T09:00:00Z'), T), { offset: 28, escalated: true });
    assert.deepEqual(stageToSend(due, 28, new Date('2027-04-05T09:00:00Z'), T), { offset: 35, escalated: false });
  });

  it('catches up once after missed sweeps: only the latest stage, with the escalation if it was missed', () => {
    assert.deepEqual(stageToSend(due, -30, new Date('2027-04-06T09:00:00Z'), T), { offset: 35, escalated: true });
    assert.equal(stageToSend(due, 35, new Date('2027-04-06T09:00:00Z'), T), null);
  });

  it('moves a stage that falls in the holiday to the first school day, and collapses stages that meet there', () => {
    // Due 4 January 2027: the -7 stage (28 Dec) is in the Christmas holiday.
    assert.equal(iso(stageTime('2027-01-04', -7, T)), '2027-01-04T07:30:00.000Z');
    assert.deepEqual(stageToSend('2027-01-04', -30, new Date('2027-01-04T08:30:00Z'), T), { offset: 0, escalated: false });
  });

  it('sends no catch-up during a holiday or quiet hours: it waits for the next allowed time', () => {
    assert.equal(stageToSend('2026-11-23', 0, new Date('2026-12-25T10:00:00Z'), T), null);
    assert.equal(stageToSend('2026-11-23', 0, new Date('2026-11-30T03:00:00Z'), T), null);
    assert.deepEqual(stageToSend('2026-11-23', 0, new Date('2027-01-04T07:30:00Z'), T), { offset: 35, escalated: true });
  });

  it('uses the configured lead times and escalation day', () => {
    const t = timing({ lead_days: [14], escalate_after_days: 10, overdue_every_days: 5 });
    assert.deepEqual(stageToSend(due, null, new Date('2027-02-15T09:00:00Z'), t), { offset: -14, escalated: false });
    assert.deepEqual(stageToSend(due, 5, new Date('2027-03-11T09:00:00Z'), t), { offset: 10, escalated: true });
  });

  it('knows when to look next', () => {
    assert.equal(iso(nextStageAt(due, null, T)), '2027-02-01T07:30:00.000Z');
    assert.equal(iso(nextStageAt(due, -7, T)), '2027-03-01T08:30:00.000Z');
    assert.equal(iso(nextStageAt(due, 28, T)), '2027-04-05T07:30:00.000Z');
  });

  it('sends the weekly digest on the digest weekday at send time, keyed by its week', () => {
    assert.deepEqual(digestOf(new Date('2026-11-25T10:00:00Z'), T).week, '2026-11-23');
    assert.equal(iso(digestOf(new Date('2026-11-25T10:00:00Z'), T).at), '2026-11-23T08:30:00.000Z');
  });
});

describe('duties: a late catch-up and the next stage', () => {
  const due = '2027-03-03'; // a Wednesday; British Summer Time starts on Sunday 28 March
  const at = (s: string) => new Date(s);

  // [the duty's status when the catch-up goes out, what happened, level before, sweep instant, stage sent, level stored, the next reminder]
  const cases: [string, string, number | null, string, number, number, string][] = [
    ['due soon', 'the 7-day stage sent on time counts as itself: the due-day reminder still comes', -30, '2027-02-24T08:30:00Z', -7, -7, '2027-03-03T08:30:00.000Z'],
    ['due soon', 'the 7-day stage missed, caught up the day before: counts as the due-day one', -30, '2027-03-02T10:00:00Z', -7, 0, '2027-03-10T08:30:00.000Z'],
    ['due soon', 'the 7-day stage caught up two days late, five days before the due day: counts as itself', -30, '2027-02-26T10:00:00Z', -7, -7, '2027-03-03T08:30:00.000Z'],
    ['due soon', 'the 30-day stage caught up 18 days late, 5 days before the 7-day one: counts as the 7-day one', null, '2027-02-19T10:00:00Z', -30, -7, '2027-03-03T08:30:00.000Z'],
    ['overdue', 'the due-day stage caught up a day late: counts as itself (the weekly one is six days off)', -7, '2027-03-04T10:00:00Z', 0, 0, '2027-03-10T08:30:00.000Z'],
    ['overdue', 'a weekly stage caught up six days late: counts as the next weekly one', 0, '2027-03-16T10:00:00Z', 7, 14, '2027-03-24T08:30:00.000Z'],
    ['overdue', 'a weekly stage caught up the day before the escalation: never counts as the escalation', 14, '2027-03-30T10:00:00Z', 21, 21, '2027-03-31T07:30:00.000Z'],
  ];
  for (const [status, what, level, now, sent, stored, next] of cases) {
    it(`${status}: ${what}`, () => {
      assert.equal(stageToSend(due, level, at(now), T)?.offset, sent);
      assert.equal(levelAfter(due, sent, at(now), T), stored);
      assert.equal(iso(nextStageAt(due, stored, T)), next);
    });
  }

  it('tells the headteacher at the escalation time, after a catch-up the day before', () => {
    assert.equal(levelAfter(due, 21, at('2027-03-30T10:00:00Z'), T), 21);
    assert.deepEqual(stageToSend(due, 21, at('2027-03-31T09:00:00Z'), T), { offset: 28, escalated: true });
  });

  /** The days (school time) a reminder goes out, sweeping each school day at 10:00 UTC, the bot down on the days given. */
  const sent = (down: (day: string) => boolean): string[] => {
    const out: string[] = [];
    let level: number | null = null;
    for (let d = new Date('2027-01-25T10:00:00Z'); d < new Date('2027-04-20T00:00:00Z'); d = new Date(d.getTime() + 86_400_000)) {
      const day = d.toISOString().slice(0, 10);
      if (down(day)) continue;
      const stage = stageToSend(due, level, d, T);
      if (!stage) continue;
      level = levelAfter(due, stage.offset, d, T);
      out.push(`${day}:${stage.offset}`);
    }
    return out;
  };

  it('sends one reminder, not two on consecutive days, when the bot was down for the 7-day stage and back the day before', () => {
    const reminders = sent((day) => day >= '2027-02-24' && day <= '2027-03-01');
    assert.deepEqual(reminders, ['2027-02-01:-30', '2027-03-02:-7', '2027-03-10:7', '2027-03-17:14', '2027-03-24:21', '2027-03-31:28', '2027-04-07:35', '2027-04-14:42']);
  });

  it('changes nothing when no sweep was missed', () => {
    assert.deepEqual(sent(() => false), ['2027-02-01:-30', '2027-02-24:-7', '2027-03-03:0', '2027-03-10:7', '2027-03-17:14', '2027-03-24:21', '2027-03-31:28', '2027-04-07:35', '2027-04-14:42']);
  });
});
