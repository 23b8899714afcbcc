/**
 * Benchmark: the duty reminder sweep (issue #10) over 1,000 and 10,000 staff × the duty catalogue,
 * with a user's turn (a staff read and a heartbeat write, on the same store and so behind the same
 * SQLite lock) every 5 ms throughout.
 *
 *   npm run bench:sweep        (SQLite; and PostgreSQL when TEST_DATABASE_URL is set)
 *   BENCH_SIZES=1000,10000     to choose the sizes
 *   BENCH_BATCH=100            rows per chunk (default: the product's, 100 on SQLite, 500 on PostgreSQL)
 *
 * Everyone starts on 21 December 2026, so all their duties fall due together. Sweeps, in order:
 *   first sight  23 Nov 10:00  creates every reminder row and sends the 30-day heads-up to all
 *   idle         23 Nov 10:01  nothing due (the sweep of every other minute)
 *   all due      14 Dec 10:00  the 7-day stage: every reminder due, each one an outbox row
 * Prints per sweep: wall time, SQL statements (every query the driver ran, BEGIN/COMMIT included),
 * outbox rows enqueued, and the user's turn latency (p50 and max). The floor is the bare database
 * work of the result, with no rules: the same rows enqueued with the same chunked bulk insert, and
 * for the idle sweep the paged read of the staff and reminder tables; the ratio is sweep / floor.
 * "loop max" is the longest the event loop was blocked during the sweep (JavaScript work rather
 * than the store's lock): it bounds what a user's turn can wait for besides one chunk.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'typeorm';
import type { CoreDeps } from '../src/core/deps';
import type { Store } from '../src/core/ports';
import { parseStaffCsv } from '../src/core/duties/csv-import';
import { importStaff } from '../src/core/duties/staff-import';
import { sweepDuties } from '../src/core/duties/sweep';
import { allReminders, chunkRows } from '../src/core/duties/sync';
import { allStaff } from '../src/core/duties/facts';
import { MESSAGE_KINDS } from '../src/core/notify/enqueue';
import { createDataSource, openStore, TypeOrmStore } from '../src/store';
import { testSchool } from '../test/helpers/school';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
// Rows per chunk; unset: the product's default for the engine (chunkRows).
const batch = process.env.BENCH_BATCH ? Number(process.env.BENCH_BATCH) : undefined;
const SWEEPS = [
  { name: 'first sight', at: new Date('2026-11-23T10:00:00Z') },
  { name: 'idle', at: new Date('2026-11-23T10:01:00Z') },
  { name: 'all due', at: new Date('2026-12-14T10:00:00Z') },
] as const;

/** Which async context a statement comes from: the sweep's are counted, the user's turns are not. */
const sweeping = new AsyncLocalStorage<true>();

/** Counts the sweep's statements (both engines' query runners log every one here, in the caller's context). */
class CountingLogger implements Logger {
  statements = 0;
  logQuery(): void {
    if (sweeping.getStore()) this.statements++;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

function staffFile(n: number): string {
  const lines = ['email,name,role,start_date,last_training_date,last_aua_date,left_date'];
  for (let i = 0; i < n; i++) lines.push(`person${i}@bench.school,Person ${i},${i % 50 === 0 ? 'dsl' : 'staff'},2026-12-21,,,`);
  return `${lines.join('\n')}\n`;
}

/** A user's small turn every 5 ms until stopped: their latencies. */
function userTurns(store: Store): { stop: () => Promise<number[]>; stopAfter: (ms: number) => Promise<number[]> } {
  const waits: number[] = [];
  let done = false;
  const loop = (async () => {
    while (!done) {
      const t = performance.now();
      await store.staff.get('person1@bench.school');
      const w = await store.checkWritable();
      waits.push(performance.now() - t);
      if (!w.ok) throw new Error(`the user's write failed: ${w.code}`);
      await new Promise((res) => setTimeout(res, 5));
    }
  })();
  const stop = async () => {
    done = true;
    await loop;
    return waits;
  };
  return { stop, stopAfter: async (ms) => (await new Promise((res) => setTimeout(res, ms)), stop()) };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? Number.NaN;
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

/** The floor: the result's rows with no rules — `n` outbox rows in the sweep's chunks, or the paged reads an idle sweep makes. */
async function floor(store: Store, n: number, run: string, chunk: number): Promise<number> {
  const t = performance.now();
  if (n === 0) {
    await allStaff(store);
    await allReminders(store);
  } else {
    for (let from = 0; from < n; from += chunk) {
      const msgs = Array.from({ length: Math.min(chunk, n - from) }, (_, i) => ({ dedupeKey: `floor:${run}:${from + i}`, kind: MESSAGE_KINDS.dutyReminder, recipient: { type: 'person' as const, email: `person${from + i}@bench.school` }, incidentId: null, payload: { reminderId: 'floor', dueDate: '2026-12-21', offset: -7 }, nextAttemptAt: new Date() }));
      await store.transaction((tx) => tx.outbox.enqueueMany(msgs, new Date()));
    }
  }
  return performance.now() - t;
}

async function size(url: string, schema: string | undefined, n: number): Promise<void> {
  const { rows, errors } = parseStaffCsv(staffFile(n), '2026-11-23');
  if (errors.length) throw new Error(errors[0]);
  const school = testSchool();
  const seed = await openStore(url, { schema, create: true });
  await importStaff({ store: seed, school, clock: { now: () => SWEEPS[0].at } }, rows, { version: school.duties.aua.version, effectiveFrom: '2026-09-01' });
  await seed.close();
  // The store under test, on a data source whose every statement is counted.
  const ds = createDataSource(url, { schema });
  const counter = new CountingLogger();
  ds.setOptions({ logger: counter });
  await ds.initialize();
  const store = new TypeOrmStore(ds);
  try {
    const alone = await userTurns(store).stopAfter(300);
    console.log(`  ${String(n).padStart(6)}  ${'(no sweep)'.padEnd(11)}  ${''.padStart(9)}  ${''.padStart(10)}  ${''.padStart(7)}  ${ms(pct(alone, 0.5)).padStart(8)}  ${ms(Math.max(...alone)).padStart(8)}`);
    for (const [i, s] of SWEEPS.entries()) {
      let now = s.at;
      const deps: CoreDeps = { store, school, clock: { now: () => now } };
      const user = userTurns(store);
      counter.statements = 0;
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      const t = performance.now();
      const r = await sweeping.run(true, () => sweepDuties(deps, { owner: 'bench', batch }));
      const wall = performance.now() - t;
      loop.disable();
      const statements = counter.statements;
      const waits = await user.stop();
      now = s.at;
      const f = await floor(store, r.reminders, `${n}-${i}`, batch ?? chunkRows(store));
      console.log(
        `  ${String(n).padStart(6)}  ${s.name.padEnd(11)}  ${ms(wall).padStart(9)}  ${String(statements).padStart(10)}  ${String(r.reminders).padStart(7)}  ${ms(pct(waits, 0.5)).padStart(8)}  ${ms(Math.max(...waits)).padStart(8)}  ${ms(f).padStart(9)}  ${(wall / f).toFixed(1).padStart(5)}×  ${ms(loop.max / 1e6).padStart(9)}`,
      );
    }
  } finally {
    await store.close();
  }
}

async function engine(name: string, url: string, schemaOf: (n: number) => string | undefined, drop: (n: number) => Promise<void>): Promise<void> {
  console.log(`\n${name}`);
  console.log(`  ${'staff'.padStart(6)}  ${'sweep'.padEnd(11)}  ${'wall'.padStart(9)}  ${'statements'.padStart(10)}  ${'outbox'.padStart(7)}  ${'user p50'.padStart(8)}  ${'user max'.padStart(8)}  ${'floor'.padStart(9)}  ratio  ${'loop max'.padStart(9)}`);
  for (const n of SIZES) {
    try {
      await size(url, schemaOf(n), n);
    } finally {
      await drop(n);
    }
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sweep-'));
  try {
    const file = (n: number) => path.join(dir, `sweep-${n}.sqlite`);
    for (const n of SIZES) fs.rmSync(file(n), { force: true });
    const sqlite = SIZES.map((n) => `sqlite:${file(n)}`);
    for (const [i, n] of SIZES.entries()) {
      if (i === 0) console.log('\nSQLite (file, WAL)');
      if (i === 0) console.log(`  ${'staff'.padStart(6)}  ${'sweep'.padEnd(11)}  ${'wall'.padStart(9)}  ${'statements'.padStart(10)}  ${'outbox'.padStart(7)}  ${'user p50'.padStart(8)}  ${'user max'.padStart(8)}  ${'floor'.padStart(9)}  ratio  ${'loop max'.padStart(9)}`);
      await size(sqlite[i]!, undefined, n);
    }
    const pg = process.env.TEST_DATABASE_URL;
    if (pg) {
      const { pgAdmin } = await import('../test/store/support/postgres');
      const run = randomBytes(3).toString('hex');
      await engine('PostgreSQL', pg, (n) => `bench_sweep_${run}_${n}`, (n) => pgAdmin(`DROP SCHEMA IF EXISTS "bench_sweep_${run}_${n}" CASCADE`));
    } else console.log('\nPostgreSQL: skipped (set TEST_DATABASE_URL to include it)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
