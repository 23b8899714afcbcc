import assert from 'node:assert/strict';
import { BoundedWork } from '../../../src/platforms/slack/work';

/** A job that finishes when told, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const done = new Promise<void>((r) => (open = r));
  return { job: async () => { log.push(name); await done; }, open };
}

describe('slack: bounded work after the ack', function () {
  it('runs at most `concurrency` jobs at once, in the order they came', async () => {
    const log: string[] = [];
    const work = new BoundedWork(2, 10);
    const gates = ['a', 'b', 'c', 'd'].map((n) => gate(log, n));
    const runs = gates.map((g) => work.run(g.job));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(log, ['a', 'b']);
    gates[1].open();
    await runs[1];
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(log, ['a', 'b', 'c']);
    gates.forEach((g) => g.open());
    await work.idle();
    assert.deepEqual(log, ['a', 'b', 'c', 'd']);
    assert.equal(work.size, 0);
  });

  it('says it is full once `capacity` jobs wait, and not before', async () => {
    const work = new BoundedWork(1, 2);
    const gates = [0, 1, 2].map((i) => gate([], String(i)));
    gates.forEach((g) => void work.run(g.job));
    await new Promise((r) => setImmediate(r));
    assert.equal(work.full, true, 'one running, two waiting');
    gates[0].open();
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(work.full, false);
    gates.forEach((g) => g.open());
    await work.idle();
  });

  it('frees the slot of a job that failed, and hands the failure to its caller', async () => {
    const work = new BoundedWork(1, 1);
    await assert.rejects(work.run(async () => { throw new Error('views.open failed'); }), /views.open failed/);
    assert.equal(await work.run(async () => 'next'), 'next');
  });
});
