/**
 * Benchmark: report submissions per second, SQLite and (with TEST_DATABASE_URL) PostgreSQL, the
 * product in its own process as `npm start` runs it, driven by a load driver in another.
 *
 *   npm run bench:submit     (BENCH_N reports per batch, default 600; BENCH_C, default 10,50)
 *
 * Each batch: N new staff each open a report and walk the six steps of a pupil concern (not
 * timed), then all submit at once (timed: an incident, its chronology and its outbox rows in one
 * flushed transaction, and the confirmation card, which must carry the reference). Then nothing
 * lost is checked in the product's database: every report recorded, each with its DSL channel card
 * queued (the channel is one conversation, which Teams lets us post to about twice a second, so
 * the cards themselves go out over the following minutes).
 * Target (issue #10): at least 300 submissions/s on 2 cores on each engine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import sqlite3 from 'sqlite3';
import { FakeTeamsConnector } from '../test/helpers/fake-teams-connector';
import { cardAction, channelMention, personalMessage, postActivity, teamsUser, type TeamsUser } from '../test/helpers/teams-activities';
import { Driver, productEntry, runCli, startServer, type ServerProcess } from './lib/procs';
import { quantile } from './lib/stats';
import type { DriverRequest } from './lib/driver';

const N = Number(process.env.BENCH_N ?? 600);
const CONCURRENCY = (process.env.BENCH_C ?? '10,50').split(',').map(Number);
const JSON_HEADERS = { 'content-type': 'application/json' };
const DSL_CHANNEL = '19:dsl-team@thread.tacv2';
const asRequest = (activity: unknown): DriverRequest => ({ path: '/api/messages', headers: JSON_HEADERS, body: JSON.stringify(activity) });

const STEPS: Array<[string, Record<string, unknown>]> = [
  ['category', { category: 'pupil' }],
  ['danger', { immediate_danger: 'no' }],
  ['pupil_when_where', { occurred_date: '2026-11-20', occurred_time: '13:10', location: 'in_school' }],
  ['pupil_people', { person1_name: 'Sam (Year 5)', person1_group: 'pupil', person1_part: 'target' }],
  ['pupil_kinds', { kinds: 'online_bullying,chain_or_threatening_messages' }],
  ['pupil_details', { what_happened: 'Sam was sent threatening messages in a group chat after school.', apps: 'WhatsApp', how_known: 'told' }],
];

let batch = 0;

async function submitBatch(fake: FakeTeamsConnector, driver: Driver, ours: ServerProcess, c: number) {
  batch++;
  const users: TeamsUser[] = Array.from({ length: N }, (_, i) => teamsUser(`s${batch}x${i}`));
  users.forEach((u) => fake.addUser(u));
  const from = fake.sent.length;
  const opened = await driver.run({ url: ours.url, concurrency: c, requests: users.map((user) => asRequest(personalMessage({ serviceUrl: fake.url, user, text: 'report' }))) });
  if (opened.errors) throw new Error(`opening reports: ${opened.firstError}`);
  const draftOf = new Map<string, string>();
  for (const call of fake.sent.slice(from)) {
    const m = call.activity ? /"draftId":"([0-9a-f-]{36})"/.exec(JSON.stringify(call.activity)) : null;
    if (m && call.conversationId) draftOf.set(call.conversationId, m[1]);
  }
  const click = (user: TeamsUser, verb: string, data: Record<string, unknown>, inputs: Record<string, unknown> = {}) => {
    const conversation = `a:1on1-${user.id}`;
    return asRequest(cardAction({ serviceUrl: fake.url, user, conversation, verb, data: { draftId: draftOf.get(conversation), ...data }, inputs, replyToId: 'x' }));
  };
  for (const [stepId, inputs] of STEPS) {
    const r = await driver.run({ url: ours.url, concurrency: c, requests: users.map((u) => click(u, 'report.next', { stepId }, inputs)) });
    if (r.errors) throw new Error(`step ${stepId}: ${r.firstError}`);
  }
  // Each answer must be the confirmation with the report's reference.
  const submitted = await driver.run({ url: ours.url, concurrency: c, bodyMatches: 'OS-\\d{4}-\\d{4}', requests: users.map((u) => click(u, 'report.submit', {})) });
  return { submitted, drafts: draftOf.size };
}

/** The report references the DSL team channel has been shown (the outbox posts them after the submit answers). */
function channelRefs(fake: FakeTeamsConnector): Set<string> {
  const refs = new Set<string>();
  for (const s of fake.sent) {
    if (s.status >= 300 || !String(s.conversationId).startsWith(DSL_CHANNEL) || !['create', 'send', 'reply'].includes(s.kind)) continue;
    for (const m of JSON.stringify(s.activity ?? {}).matchAll(/OS-\d{4}-\d{4}/g)) refs.add(m[0]);
  }
  return refs;
}

/** One count from the product's database, read beside it (SQLite: a read-only connection; PostgreSQL: the schema). */
async function count(databaseUrl: string, sql: string): Promise<number> {
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new sqlite3.Database(databaseUrl.slice('sqlite:'.length), sqlite3.OPEN_READONLY);
    try {
      return await new Promise<number>((resolve, reject) => db.get(sql, (err: Error | null, row: { n: number }) => (err ? reject(err) : resolve(Number(row.n)))));
    } finally {
      db.close();
    }
  }
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    if (schema) await client.query(`SET search_path TO "${schema}"`);
    return Number((await client.query<{ n: string }>(sql)).rows[0].n);
  } finally {
    await client.end();
  }
}

async function runEngine(label: string, databaseUrl: string, cleanup: () => Promise<void>): Promise<void> {
  const fake = await FakeTeamsConnector.start();
  const env = { DATABASE_URL: databaseUrl, NODE_ENV: 'development', ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}), ...(process.env.BENCH_ARENAS ? { MALLOC_ARENA_MAX: process.env.BENCH_ARENAS } : {}) };
  await runCli(['db', 'init'], env);
  const ours = await startServer(productEntry(), env, { profileDir: process.env.BENCH_PROFILE });
  const driver = Driver.start();
  try {
    // The DSL says hello in the team channel, so the bot learns where that channel lives (its serviceUrl).
    const dsl = teamsUser('alex.morgan', { email: 'alex.morgan@demo-school.example', name: 'Alex Morgan' });
    fake.addUser(dsl);
    await postActivity(ours.url, channelMention({ serviceUrl: fake.url, user: dsl, teamId: DSL_CHANNEL, text: 'hello' }));
    let total = 0;
    for (const c of CONCURRENCY) {
      const { submitted, drafts } = await submitBatch(fake, driver, ours, c);
      const rps = (submitted.latencies.length * 1000) / submitted.wallMs;
      // The DSL channel is one conversation: Teams allows it about 2 posts a second (60 per 30 s), so a
      // burst of cards is delivered over minutes. Nothing lost = every report recorded with its card queued or posted.
      await new Promise((r) => setTimeout(r, 3000));
      const posted = channelRefs(fake).size;
      const reports = await count(databaseUrl, 'SELECT COUNT(*) AS n FROM incidents');
      const cards = await count(databaseUrl, "SELECT COUNT(*) AS n FROM outbox WHERE kind = 'incident.channel_card'");
      total += N;
      const lost = total - Math.min(reports, cards);
      console.log(
        `${label.padEnd(10)} c=${String(c).padEnd(3)} ${rps.toFixed(0).padStart(5)} submissions/s ${rps >= 300 ? '✓' : '✗'}  p50 ${quantile(submitted.latencies, 0.5).toFixed(1)} ms  p99 ${quantile(submitted.latencies, 0.99).toFixed(1)} ms  errors ${submitted.errors}  drafts ${drafts}/${N}  recorded ${reports}/${total}, channel cards queued ${cards}/${total} (${posted} posted in the first 3 s)${lost ? `  LOST ${lost}` : ''}`,
      );
      fake.sent.length = 0;
    }
    console.log(`${label.padEnd(10)} RSS after ${CONCURRENCY.length * N} reports: ${ours.rssMb().toFixed(0)} MB`);
  } finally {
    await driver.stop();
    await ours.stop();
    await fake.close();
    await cleanup();
  }
}

async function main(): Promise<void> {
  console.log(`Report submissions: ${N} per batch, each reporter new, driver in its own process, loopback; ours compiled (npm start), background worker on\n`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-bench-submit-'));
  await runEngine('SQLite', `sqlite:${path.join(dir, 'bench.sqlite')}`, async () => fs.rmSync(dir, { recursive: true, force: true }));
  const pg = process.env.TEST_DATABASE_URL;
  if (!pg) return console.log('\n(PostgreSQL skipped: set TEST_DATABASE_URL)');
  const schema = `bench_submit_${process.pid}`;
  const sep = pg.includes('?') ? '&' : '?';
  await runEngine('PostgreSQL', `${pg}${sep}schema=${schema}`, async () => {
    const client = new Client({ connectionString: pg });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
