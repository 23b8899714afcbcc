/**
 * The list of periodic queries (src/host/periodic.ts) is complete: a background round, with duty
 * reminders due, calls on the store only methods that are either in the list, and so checked for
 * an index by test/store/indexes.spec.ts, or named there as by key or as a whole-table read. Calls
 * inside store.transaction(fn) go to repositories made for that transaction and are not seen here:
 * the round makes them per row found by a listed query, by the row's key.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { loadConfig } from '../../src/config';
import { wire, type Wiring } from '../../src/host/wiring';
import { BackgroundLoop } from '../../src/host/background';
import { BY_KEY, PERIODIC_QUERIES, WHOLE_TABLE } from '../../src/host/periodic';
import { Harness } from '../helpers/bot-harness';
import { DUE_AT, withDuties } from '../helpers/duties-school';

describe('host: the periodic queries list', function () {
  let h: Harness;
  let w: Wiring;

  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
    await withDuties(h);
    h.clock.set(new Date(DUE_AT));
    w = await wire(loadConfig({ ...h.cliEnv(), TEAMS_ALLOW_UNAUTHENTICATED: '1' }), { clock: h.clock, initDatabase: false, random: () => 0.5 });
  });
  afterEach(async () => {
    sinon.restore();
    await w.close();
    await h.close();
  });

  it('names every store query a background round makes, so none can go unchecked for an index', async () => {
    const called = new Set<string>();
    const store = w.deps.store as unknown as Record<string, Record<string, unknown>>;
    for (const [repo, methods] of Object.entries(store)) {
      // The store's own Db (run, transaction) is how repositories reach the database, not a query.
      if (!methods || typeof methods !== 'object' || repo === 'db') continue;
      for (const [name, fn] of Object.entries(methods)) {
        if (typeof fn !== 'function') continue;
        sinon.replace(methods, name, ((...args: unknown[]) => {
          called.add(`${repo}.${name}`);
          return (fn as (...a: unknown[]) => unknown).apply(methods, args);
        }) as never);
      }
    }
    await new BackgroundLoop(w, 60_000).tick();
    assert.ok(called.has('reminders.page'), `the round swept duties: ${[...called].join(', ')}`);
    const listed = new Set([...PERIODIC_QUERIES.map((q) => q.method), ...BY_KEY, ...WHOLE_TABLE]);
    assert.deepEqual([...called].filter((m) => !listed.has(m)).sort(), [], 'store calls of a round missing from src/host/periodic.ts');
  });
});
