import assert from 'node:assert/strict';
import sinon from 'sinon';
import { loadConfig } from '../../src/config';
import { wire, type Wiring } from '../../src/host/wiring';
import { BackgroundLoop, PRUNE_EVERY_MS } from '../../src/host/background';
import { INBOUND_KEEP_MS } from '../../src/core/notify/prune';
import { Harness, cardText, cardsSince, mark } from '../helpers/bot-harness';
import { DUE_AT, withDuties } from '../helpers/duties-school';

const INTERVAL_MS = 5_000;

describe('host: the background loop', function () {
  let h: Harness;
  let w: Wiring;
  let timers: sinon.SinonFakeTimers;

  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
    await withDuties(h);
    h.clock.set(new Date(DUE_AT));
    // A second process on the harness's database, as a second server instance would be.
    w = await wire(loadConfig({ ...h.cliEnv(), TEAMS_ALLOW_UNAUTHENTICATED: '1' }), { clock: h.clock, initDatabase: false, random: () => 0.5 });
    // Only the loop's own timer is faked: the database and HTTP keep real time.
    timers = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });
  afterEach(async () => {
    timers.restore();
    await w.close();
    await h.close();
  });

  it('sends the due duty reminders on its first round, and after stop leaves no timer', async () => {
    const loop = new BackgroundLoop(w, INTERVAL_MS);
    const since = mark(h);
    loop.start();
    loop.start();
    assert.equal(timers.countTimers(), 1, 'one periodic timer while started, however often start is called');
    await timers.tickAsync(INTERVAL_MS);
    await loop.stop();
    assert.equal(timers.countTimers(), 0, 'no timer left after stop');
    const sent = cardsSince(h, 'teacher', since).map((c) => cardText(c));
    assert.equal(sent.filter((t) => /Acceptable use agreement.*due today/s.test(t)).length, 1, sent.join(' | '));
    assert.equal(sent.filter((t) => /Safeguarding and online safety training.*due today/s.test(t)).length, 1, sent.join(' | '));
  });

  it('sends nothing once stopped, though reminders are due', async () => {
    const loop = new BackgroundLoop(w, INTERVAL_MS);
    const since = mark(h);
    loop.start();
    await loop.stop();
    await timers.tickAsync(10 * INTERVAL_MS);
    await loop.stop(); // waits for any round a leftover timer would have started
    assert.equal(timers.countTimers(), 0);
    assert.deepEqual(cardsSince(h, 'teacher', since), []);
    // The same wiring still works by hand after stop: the store was left open and usable.
    await loop.tick();
    assert.equal(cardsSince(h, 'teacher', since).length, 2);
  });

  it('forgets platform event ids older than a day on a round, at most once every few minutes', async () => {
    const loop = new BackgroundLoop(w, INTERVAL_MS);
    const ago = (ms: number) => new Date(h.clock.now().getTime() - ms);
    await w.store.inbound.firstSeen('slack', 'Ev-old', ago(INBOUND_KEEP_MS + 60_000));
    await w.store.inbound.firstSeen('slack', 'Ev-recent', ago(60_000));
    await loop.tick();
    assert.equal(await w.store.inbound.firstSeen('slack', 'Ev-recent', h.clock.now()), false, 'a recent id is still a duplicate');
    assert.equal(await w.store.inbound.firstSeen('slack', 'Ev-old', h.clock.now()), true, 'the old id was pruned on the first round');
    // Just after a prune, an id already past its keep time (as from a platform clock behind ours) waits for the next prune.
    await w.store.inbound.firstSeen('slack', 'Ev-late', ago(INBOUND_KEEP_MS + 60_000));
    h.clock.set(new Date(h.clock.now().getTime() + PRUNE_EVERY_MS - 1000));
    await loop.tick();
    assert.equal(await w.store.inbound.firstSeen('slack', 'Ev-late', h.clock.now()), false, 'not pruned again within PRUNE_EVERY_MS');
    h.clock.set(new Date(h.clock.now().getTime() + 1000));
    await loop.tick();
    assert.equal(await w.store.inbound.firstSeen('slack', 'Ev-late', h.clock.now()), true, 'pruned once the interval passed');
  });
});
