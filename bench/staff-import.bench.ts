/**
 * Benchmark: staff import (issue #8) at 10k, 50k and 100k rows, with a writer on another connection
 * doing a short write transaction (the health check's heartbeat) every 10 ms throughout.
 *
 *   npm run bench:import        (SQLite; and PostgreSQL when TEST_DATABASE_URL is set)
 *   BENCH_SIZES=10000,100000    to choose the sizes
 *
 * Prints, per engine and size: the import's time; the longest write-lock hold (the longest single
 * staging, apply or clearing statement); and the longest wait of the concurrent writer. For
 * comparison, the one-transaction, row-by-row import this replaced runs at the smallest size only.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../src/core/ports';
import type { CoreDeps } from '../src/core/deps';
import { parseStaffCsv, type StaffRow } from '../src/core/duties/csv-import';
import { importStaff } from '../src/core/duties/staff-import';
import { openStore } from '../src/store';
import { testSchool } from '../test/helpers/school';
import { staffCsv } from '../test/helpers/staff-csv';

const SIZES = (process.env.BENCH_SIZES ?? '10000,50000,100000').split(',').map(Number);
const NOW = new Date('2026-11-23T10:00:00Z');
const AUA = { version: '2026-1', effectiveFrom: '2026-09-01' };

interface Result {
  importMs: number;
  holdMs: number;
  waitMs: number;
  writes: number;
}

/** A store whose staffImports calls are timed: each is one short transaction holding the write lock. */
function timed(store: Store, holds: number[]): Store {
  const repo = store.staffImports;
  const wrap =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const t = performance.now();
      try {
        return await fn(...a);
      } finally {
        holds.push(performance.now() - t);
      }
    };
  const staffImports = { stage: wrap(repo.stage), apply: wrap(repo.apply), clear: wrap(repo.clear), clearStaleBefore: wrap(repo.clearStaleBefore), count: repo.count };
  return Object.assign(Object.create(store) as Store, { staffImports });
}

/** The import this replaced: every row through the ORM in one transaction, holding the lock throughout. */
async function rowByRow(store: Store, rows: StaffRow[]): Promise<void> {
  await store.transaction(async (tx) => {
    for (const r of rows) {
      await tx.staff.upsert({ email: r.email, name: r.name, role: r.role, startDate: r.startDate, source: 'import', leftOn: r.leftOn, createdAt: NOW, updatedAt: NOW });
      if (r.lastTraining) await tx.completions.add({ dutyId: 'staff_training', email: r.email, completedOn: r.lastTraining, certificateRef: null, notes: 'imported', recordedBy: 'import', platform: 'import', recordedAt: NOW });
      if (r.lastAua) await tx.aua.sign({ email: r.email, version: AUA.version, signedAt: new Date(`${r.lastAua}T12:00:00Z`), platform: 'import' });
    }
  });
}

async function run(open: () => Promise<Store>, rows: StaffRow[], how: 'staged' | 'row by row'): Promise<Result> {
  const store = await open();
  const writer = await open();
  const holds: number[] = [];
  const waits: number[] = [];
  let done = false;
  const writing = (async () => {
    for (let i = 0; !done; i++) {
      const t = performance.now();
      const r = await writer.checkWritable();
      waits.push(performance.now() - t);
      if (!r.ok) throw new Error(`the concurrent write failed: ${r.code}`);
      await new Promise((res) => setTimeout(res, 10));
    }
  })();
  const t = performance.now();
  try {
    if (how === 'staged') await importStaff({ store: timed(store, holds), school: testSchool(), clock: { now: () => NOW } } satisfies CoreDeps, rows, AUA);
    else await rowByRow(store, rows);
  } finally {
    done = true;
  }
  const importMs = performance.now() - t;
  if (how === 'row by row') holds.push(importMs);
  await writing.catch((e: Error) => waits.push(Number.NaN) && console.error(`  ${e.message}`));
  await store.close();
  await writer.close();
  return { importMs, holdMs: Math.max(...holds), waitMs: Math.max(...waits), writes: waits.length };
}

const fmt = (ms: number) => (Number.isNaN(ms) ? 'FAILED' : `${ms.toFixed(0)} ms`).padStart(10);

async function engine(name: string, fresh: () => { open: () => Promise<Store>; drop: () => Promise<void> }): Promise<void> {
  console.log(`\n${name}`);
  console.log(`  ${'rows'.padStart(7)}  ${'how'.padEnd(10)}  ${'import'.padStart(10)}  ${'lock hold'.padStart(10)}  ${'writer wait'.padStart(11)}  writes`);
  const cases: [number, 'staged' | 'row by row'][] = SIZES.map((n) => [n, 'staged']);
  cases.splice(1, 0, [Math.min(...SIZES), 'row by row']);
  for (const [n, how] of cases) {
    const { rows, errors } = parseStaffCsv(staffCsv(n), '2026-11-23');
    if (errors.length) throw new Error(errors[0]);
    const db = fresh();
    try {
      const r = await run(db.open, rows, how);
      console.log(`  ${String(n).padStart(7)}  ${how.padEnd(10)}  ${fmt(r.importMs)}  ${fmt(r.holdMs)}  ${fmt(r.waitMs).padStart(11)}  ${r.writes}`);
    } finally {
      await db.drop();
    }
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  let n = 0;
  try {
    await engine('SQLite (file, WAL)', () => {
      const url = `sqlite:${path.join(dir, `import-${++n}.sqlite`)}`;
      return { open: () => openStore(url, { create: true }), drop: async () => undefined };
    });
    const pg = process.env.TEST_DATABASE_URL;
    if (pg) {
      const { pgAdmin } = await import('../test/store/support/postgres');
      const run = randomBytes(3).toString('hex');
      await engine('PostgreSQL', () => {
        const schema = `bench_import_${run}_${++n}`;
        return { open: () => openStore(pg, { schema, create: true }), drop: () => pgAdmin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`) };
      });
    } else console.log('\nPostgreSQL: skipped (set TEST_DATABASE_URL to include it)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
