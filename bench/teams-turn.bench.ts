/**
 * Benchmark: a Teams turn of this bot against a bare botbuilder CloudAdapter echo bot, each in its
 * own process, driven by a load driver in a third process, over loopback with the same fake Teams
 * connector. Interleaved rounds at concurrency 1, 10 and 50.
 *
 *   npm run bench            (BENCH_N requests per batch, default 300; BENCH_ROUNDS, default 3)
 *
 * Two timed phases per batch, each user one who has said hello before (their first contact, when
 * the bot asks Teams who they are, is not timed): the "report" message (ours: start a draft, render and send
 * the first wizard card; floor: echo the text) and one card click (ours: the first wizard step
 * answered, saved and the next card returned; floor: a fixed card). Prints p50/p99 and throughput
 * (median and range over rounds) and the ratios ours/floor, against issue #10's targets: p50 within
 * 1.5x, and throughput at c=10 and c=50 at least half the floor's. Ours runs as `npm start` does
 * (compiled, SQLite file, the demo school, background worker on).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeTeamsConnector } from '../test/helpers/fake-teams-connector';
import { cardAction, personalMessage, teamsUser } from '../test/helpers/teams-activities';
import { Driver, productEntry, runCli, startServer, type ServerProcess } from './lib/procs';
import { Results, sampleOf } from './lib/rounds';
import type { DriverRequest } from './lib/driver';

const N = Number(process.env.BENCH_N ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = (process.env.BENCH_C ?? '1,10,50').split(',').map(Number);
const JSON_HEADERS = { 'content-type': 'application/json' };

const asRequest = (activity: unknown): DriverRequest => ({ path: '/api/messages', headers: JSON_HEADERS, body: JSON.stringify(activity) });

let batch = 0;

/** One batch against one target: N new users each say "report", then each clicks the first step. */
async function runBatch(fake: FakeTeamsConnector, driver: Driver, target: ServerProcess, label: string, concurrency: number, n: number) {
  batch++;
  const users = Array.from({ length: n }, (_, i) => teamsUser(`${label}b${batch}u${i}`));
  users.forEach((u) => fake.addUser(u));
  // Each user has talked to the bot before (not timed): a first contact also asks Teams who they are, once.
  await driver.run({ url: target.url, concurrency, requests: users.map((user) => asRequest(personalMessage({ serviceUrl: fake.url, user, text: 'hello' }))) });
  const from = fake.sent.length;
  const report = await driver.run({ url: target.url, concurrency, requests: users.map((user) => asRequest(personalMessage({ serviceUrl: fake.url, user, text: 'report' }))) });
  // The draft each user's first card refers to (ours); the floor ignores it.
  const draftOf = new Map<string, string>();
  for (const call of fake.sent.slice(from)) {
    const m = call.activity ? /"draftId":"([0-9a-f-]{36})"/.exec(JSON.stringify(call.activity)) : null;
    if (m && call.conversationId) draftOf.set(call.conversationId, m[1]);
  }
  const click = await driver.run({
    url: target.url,
    concurrency,
    requests: users.map((user) => {
      const conversation = `a:1on1-${user.id}`;
      const draftId = draftOf.get(conversation) ?? '00000000-0000-4000-8000-000000000000';
      return asRequest(cardAction({ serviceUrl: fake.url, user, conversation, verb: 'report.next', data: { draftId, stepId: 'category' }, inputs: { category: 'other' }, replyToId: 'x' }));
    }),
  });
  return { report, click, drafts: draftOf.size };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-bench-'));
  const env = { DATABASE_URL: `sqlite:${path.join(dir, 'bench.sqlite')}`, NODE_ENV: 'development' };
  const entry = productEntry();
  await runCli(['db', 'init'], env);
  const fake = await FakeTeamsConnector.start();
  const ours = await startServer(entry, env, { profileDir: process.env.BENCH_PROFILE });
  const floor = await startServer(path.join(__dirname, 'floors', 'teams-echo.ts'));
  const driver = Driver.start();
  const results = new Results();
  try {
    // Warm-up (JIT, sockets, caches) and a check that ours really walks the wizard.
    await runBatch(fake, driver, floor, 'wf', 10, Math.min(N, 100));
    const warm = await runBatch(fake, driver, ours, 'wo', 10, Math.min(N, 100));
    if (warm.drafts < Math.min(N, 100) || warm.report.errors + warm.click.errors > 0) throw new Error(`ours did not answer every turn in the warm-up (${warm.drafts} drafts; ${warm.report.firstError ?? warm.click.firstError ?? ''})`);
    for (let r = 0; r < ROUNDS; r++) {
      for (const c of CONCURRENCY) {
        const order: Array<['floor' | 'ours', ServerProcess]> = r % 2 === 0 ? [['floor', floor], ['ours', ours]] : [['ours', ours], ['floor', floor]];
        for (const [name, target] of order) {
          const b = await runBatch(fake, driver, target, `${name[0]}${r}c${c}`, c, N);
          results.add('"report" message', c, name, sampleOf(b.report));
          results.add('wizard step (card click)', c, name, sampleOf(b.click));
        }
      }
      fake.sent.length = 0; // the recorder only needs the current batch
    }
    console.log(`Teams turns: ${N} requests per batch, ${ROUNDS} rounds interleaved, driver in its own process, loopback, ours on SQLite (compiled, as npm start)`);
    console.log('median (min–max over rounds); ✓/✗ against the target: p50 ≤ 1.5x, req/s ≥ 0.5x at c ≥ 10\n');
    for (const phase of ['"report" message', 'wizard step (card click)']) console.log(results.table(phase, CONCURRENCY, { p50Ratio: 1.5, minRpsRatio: 0.5, rpsFrom: 10 }) + '\n');
    console.log(`ours RSS after the run: ${ours.rssMb().toFixed(0)} MB`);
  } finally {
    await driver.stop();
    await ours.stop();
    await floor.stop();
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
