/**
 * The send scheduler on fake time: what it lets go, and when, checked against an independent
 * sliding-window counter (the one the fake platforms enforce), so a bucket that lets a window hold
 * one request too many fails here.
 */
import assert from 'node:assert/strict';
import { RateDeferred, RateSchedule, Throttle, type RateClaim } from '../../../src/core/notify/rate';
import { TEAMS_LIMITS, slackClaims, teamsClaims } from '../../../src/platforms/send-rate';
import { SlidingWindows, TEAMS_DOCUMENTED_LIMITS } from '../../helpers/rate-windows';

/** `n` requests under `claimsOf(i)`, each going at the earliest moment the schedule allows; returns their times. */
function drive(n: number, claimsOf: (i: number) => RateClaim[], schedule = new RateSchedule()): number[] {
  return Array.from({ length: n }, (_, i) => schedule.reserve(claimsOf(i), 0));
}

/** True when every request at these times would have been admitted by the documented windows. */
function withinWindows(times: number[], limits: { key: string; limits: { count: number; perMs: number }[] }[]): boolean {
  let t = 0;
  const windows = new SlidingWindows(() => t);
  return [...times].sort((a, b) => a - b).every((at) => {
    t = at;
    return windows.admit(limits).ok;
  });
}

describe('notify: the send scheduler', () => {
  const rates = { instances: 1, slackPostsPerMinute: 300 };

  it('sends messages to one Teams chat without ever more than 7 in a second, 8 in two, 60 in thirty or 1800 in an hour', () => {
    const times = drive(200, () => teamsClaims(rates, 'a:1on1-29:tom', 'tenant'));
    assert.ok(withinWindows(times, [{ key: 'c', limits: TEAMS_DOCUMENTED_LIMITS.conversation }]), 'a window held more than Teams allows');
    assert.equal(times[0], 0, 'the first goes at once');
    assert.ok(times[3] < 500, `the first 4 took ${times[3]} ms`);
    // After a burst of 60, the hourly budget binds: one about every 2.07 s (1741 an hour), so the 200th goes at about 290 s.
    assert.ok(times[199] > 280_000 && times[199] < 300_000, `the 200th went at ${times[199]} ms`);
  });

  it('sends a wave to many chats in one tenant at nearly 50 a second and never 50 in any second', () => {
    const times = drive(2000, (i) => teamsClaims(rates, `a:1on1-29:p${i}`, 'tenant'));
    assert.ok(withinWindows(times, [{ key: 'app', limits: TEAMS_DOCUMENTED_LIMITS.app }]), 'a second held 50 requests or more');
    const perSecond = 2000 / (times[1999] / 1000);
    assert.ok(perSecond >= 46 && perSecond < 50, `${perSecond.toFixed(1)} a second`);
  });

  it('gives two instances half the tenant each, so together they stay under 50 a second', () => {
    const half = { ...rates, instances: 2 };
    const a = drive(500, (i) => teamsClaims(half, `a:1on1-29:a${i}`, 'tenant'));
    const b = drive(500, (i) => teamsClaims(half, `a:1on1-29:b${i}`, 'tenant'));
    assert.ok(withinWindows([...a, ...b], [{ key: 'app', limits: TEAMS_DOCUMENTED_LIMITS.app }]));
  });

  it('holds a request until every one of its buckets allows it: a free chat still waits for a busy tenant', () => {
    const schedule = new RateSchedule();
    const busy = [{ key: 'tenant', limits: [{ count: 2, perMs: 1000 }] }];
    schedule.reserve(busy, 0);
    schedule.reserve(busy, 0);
    const at = schedule.nextAt([...busy, { key: 'quiet-chat', limits: TEAMS_LIMITS.conversation }], 0);
    assert.equal(at, 1000);
  });

  it('keeps every Slack channel to one post a second and the workspace to its posting budget', () => {
    const times = drive(120, (i) => slackClaims(rates, 'w1', 'chat.postMessage', { channel: i % 2 ? 'CDSL' : `D${i}` }));
    const dsl = times.filter((_, i) => i % 2);
    assert.ok(withinWindows(dsl, [{ key: 'ch', limits: [{ count: 1, perMs: 1000 }] }]), 'two posts in one channel within a second');
    assert.ok(withinWindows(times, [{ key: 'ws', limits: [{ count: 300, perMs: 60_000 }] }]), 'over 300 posts in a minute');
  });

  it('limits conversations.open to Slack Tier 3 (50 a minute) and leaves methods it does not know to their 429s', () => {
    const times = drive(100, () => slackClaims(rates, 'w1', 'conversations.open', { users: 'U1' }));
    assert.ok(withinWindows(times, [{ key: 'open', limits: [{ count: 50, perMs: 60_000 }] }]));
    assert.deepEqual(slackClaims(rates, 'w1', 'auth.test', {}), []);
  });

  describe('waiting', () => {
    let now = 0;
    let wall = 0;
    const slept: number[] = [];
    const throttle = () =>
      new Throttle({
        now: () => now,
        wall: () => wall,
        sleep: async (ms) => {
          slept.push(ms);
          now += ms;
        },
        maxWaitMs: 5000,
      });
    beforeEach(() => {
      now = 0;
      wall = 1_000_000;
      slept.length = 0;
    });

    it('waits for the next slot before a request and takes it when the request goes', async () => {
      const t = throttle();
      const claim = [{ key: 'k', limits: [{ count: 1, perMs: 1000 }] }];
      await t.take(claim);
      await t.take(claim);
      assert.deepEqual(slept, [1000]);
      assert.equal(t.schedule.nextAt(claim, now), 2000);
    });

    it('defers a message that would wait longer than the limit, taking no slot, so the outbox holds it instead of memory', async () => {
      const t = throttle();
      const claim = [{ key: 'k', limits: [{ count: 2, perMs: 60_000, burst: 2 }] }];
      await t.take(claim);
      await t.take(claim);
      await assert.rejects(t.take(claim), (err: unknown) => err instanceof RateDeferred && err.waitMs === 60_000 && err.failure.reason === 'retry_after');
      assert.deepEqual(slept, []);
      assert.equal(t.schedule.nextAt(claim, now), 60_000, 'the deferral took no slot');
    });

    it("after a 429 defers that chat's messages for the whole Retry-After on the outbox's clock, and the tenant's for at most a second", async () => {
      const t = throttle();
      const [tenant, chat] = teamsClaims(rates, 'a:1on1-29:tom', 'tenant');
      const other = teamsClaims(rates, 'a:1on1-29:tara', 'tenant');
      t.backOff([tenant, chat], 30_000);
      await assert.rejects(t.take([tenant, chat]), (err: unknown) => err instanceof RateDeferred && err.waitMs === 30_000);
      await assert.rejects(t.take(other), (err: unknown) => err instanceof RateDeferred && err.waitMs === 1000);
      wall += 1000;
      await t.take(other);
      await assert.rejects(t.take([tenant, chat]), (err: unknown) => err instanceof RateDeferred && err.waitMs === 29_000);
      wall += 29_000;
      await t.take([tenant, chat]);
      assert.deepEqual(slept, [], 'a pause is never slept through in memory');
    });

    it('pauses for one second after a 429 that did not say how long', async () => {
      const t = throttle();
      const claim = [{ key: 'k', limits: [{ count: 50, perMs: 1000 }] }];
      t.backOff(claim, undefined);
      await assert.rejects(t.take(claim), (err: unknown) => err instanceof RateDeferred && err.waitMs === 1000);
    });
  });
});
