/**
 * Benchmark: Slack's `/report` in this bot against a bare Bolt app that authorises the same way
 * (a fixed token, no auth.test) and opens the same kind of modal, each in its own process, driven
 * by a load driver in a third process, over loopback with the same fake Slack Web API.
 *
 *   npm run bench:slack      (BENCH_N per batch, default 300; BENCH_ROUNDS, default 3; BENCH_BURST, default 1000)
 *
 * Interleaved rounds at concurrency 1, 10 and 50: the ack (the HTTP answer Slack waits 3 s for)
 * p50/p99 and ratio, against issue #10's target of ack p99 within 1.5x the bare app's; and the time
 * until the person sees their form (ours: the modal updated to the first question; bare: opened).
 * Then one burst of BENCH_BURST commands at once: how many got a form and how fast, how many were
 * told to try again (the bounded queue), and ours' peak RSS.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeSlackApi } from '../test/helpers/fake-slack-api';
import { Driver, productEntry, runCli, startServer, type ServerProcess } from './lib/procs';
import { Results, sampleOf } from './lib/rounds';
import { fmt, quantile, spread } from './lib/stats';
import type { DriverRequest, DriverResult } from './lib/driver';

const N = Number(process.env.BENCH_N ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BURST = Number(process.env.BENCH_BURST ?? 1000);
const CONCURRENCY = (process.env.BENCH_C ?? '1,10,50').split(',').map(Number);
const SECRET = 'bench-signing-secret';
const TEAM = 'T1';

const SCHOOL = `school:
  name: Bench Academy
  timezone: Europe/London
  reference_prefix: OS
people:
  - email: dsl@bench.school
    name: Dana DSL
    roles: [dsl]
  - email: head@bench.school
    name: Hana Head
    roles: [headteacher]
  - email: chair@bench.school
    name: Chris Chair
    roles: [chair_of_governors]
safeguarding_team:
  slack:
    channel_id: CDSL
    team_id: [${TEAM}]
routes:
  lado:
    name: LADO, Bench Borough
`;

function signedSlash(user: string, trigger: string): DriverRequest {
  const body = new URLSearchParams({ command: '/report', text: '', user_id: user, team_id: TEAM, channel_id: `D${user}`, trigger_id: trigger, response_url: 'http://127.0.0.1:9/unused' }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${crypto.createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { path: '/slack/events', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig }, body };
}

let batch = 0;

/** Sends `n` /report commands from new users; returns the driver's result and each trigger's form time (ms after sending). */
async function runBatch(fake: FakeSlackApi, driver: Driver, target: ServerProcess, ours: boolean, concurrency: number, n: number): Promise<{ r: DriverResult; formMs: number[]; answered: string[] }> {
  batch++;
  const users = Array.from({ length: n }, (_, i) => `UB${batch}X${i}`);
  users.forEach((id) => fake.addUser({ id, email: `${id.toLowerCase()}@bench.school`, name: `Staff ${id}` }));
  const triggers = users.map((u) => `trig-${u}`);
  const mark = fake.calls.length;
  const r = await driver.run({ url: target.url, concurrency, requests: users.map((u, i) => signedSlash(u, triggers[i])) });
  // The work after the ack: wait until every admitted form is done, or a few seconds of nothing new.
  const formDone = (): Map<string, number> => {
    const calls = fake.calls.slice(mark);
    const opened = new Map<string, { trigger: string; at: number }>();
    const done = new Map<string, number>();
    for (const c of calls) {
      if (c.method === 'views.open' && c.viewId) {
        opened.set(c.viewId, { trigger: String(c.args.trigger_id), at: c.at });
        if (!ours) done.set(String(c.args.trigger_id), c.at);
      }
      if (ours && c.method === 'views.update' && !c.error) {
        const o = opened.get(String(c.args.view_id));
        // The first question replaces "Opening your report…": the last update of the view counts.
        if (o) done.set(o.trigger, c.at);
      }
    }
    return done;
  };
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const size = fake.calls.length;
    if (size !== last) {
      last = size;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 500) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  const done = formDone();
  const formMs: number[] = [];
  triggers.forEach((t, i) => {
    const at = done.get(t);
    if (at !== undefined) formMs.push(at - r.sentAt[i]);
  });
  fake.calls.splice(0, fake.calls.length); // the recorder only needs the current batch
  return { r, formMs, answered: triggers.filter((t) => done.has(t)) };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-bench-slack-'));
  const fake = await FakeSlackApi.start();
  const school = path.join(dir, 'school.yaml');
  fs.writeFileSync(school, SCHOOL);
  const env = { DATABASE_URL: `sqlite:${path.join(dir, 'bench.sqlite')}`, SCHOOL_CONFIG: school, NODE_ENV: 'development', SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: fake.url, WORKER_INTERVAL_MS: '2000' };
  await runCli(['db', 'init'], env);
  const ours = await startServer(productEntry(), env, { profileDir: process.env.BENCH_PROFILE });
  const floor = await startServer(path.join(__dirname, 'floors', 'slack-bolt.ts'), { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url });
  const driver = Driver.start();
  const results = new Results();
  const forms = new Map<string, number[][]>();
  try {
    const warmF = await runBatch(fake, driver, floor, false, 10, 100);
    const warmO = await runBatch(fake, driver, ours, true, 10, 100);
    if (warmO.r.errors || warmO.answered.length < 100 || warmF.answered.length < 100) throw new Error(`warm-up: ours answered ${warmO.answered.length}/100 forms (${warmO.r.firstError ?? ''}), bare ${warmF.answered.length}/100`);
    for (let r = 0; r < ROUNDS; r++) {
      for (const c of CONCURRENCY) {
        const order: Array<['floor' | 'ours', ServerProcess]> = r % 2 === 0 ? [['floor', floor], ['ours', ours]] : [['ours', ours], ['floor', floor]];
        for (const [name, target] of order) {
          const b = await runBatch(fake, driver, target, name === 'ours', c, N);
          results.add('/report ack', c, name, sampleOf(b.r));
          const key = `${name}|${c}`;
          forms.set(key, [...(forms.get(key) ?? []), b.formMs]);
        }
      }
    }
    console.log(`Slack /report: ${N} commands per batch, ${ROUNDS} rounds interleaved, driver in its own process, loopback, ours on SQLite (compiled, as npm start)`);
    console.log('median (min–max over rounds); ✓/✗ against the target: ack p99 ≤ 1.5x\n');
    console.log(results.table('/report ack', CONCURRENCY, { p99Ratio: 1.5 }) + '\n');
    console.log('time until the person sees the form, ms after sending (ours: first question shown; bare: modal opened)');
    console.log('  c    bare p50           ours p50           bare p99           ours p99');
    for (const c of CONCURRENCY) {
      const s = (name: string, q: number) => spread((forms.get(`${name}|${c}`) ?? []).map((xs) => quantile(xs, q)));
      console.log(`  ${String(c).padEnd(4)} ${fmt(s('floor', 0.5)).padEnd(18)} ${fmt(s('ours', 0.5)).padEnd(18)} ${fmt(s('floor', 0.99)).padEnd(18)} ${fmt(s('ours', 0.99))}`);
    }
    // The burst: every command at once.
    let peak = ours.rssMb();
    const sampler = setInterval(() => (peak = Math.max(peak, ours.rssMb())), 20);
    const idle = ours.rssMb();
    const burst = await runBatch(fake, driver, ours, true, Math.min(BURST, 500), BURST);
    clearInterval(sampler);
    const told = burst.r.latencies.length - burst.answered.length;
    console.log(`\nburst of ${BURST} /report at once (${Math.min(BURST, 500)} connections): ack p99 ${quantile(burst.r.latencies, 0.99).toFixed(1)} ms, ${burst.r.errors} errors;`);
    console.log(`  ${burst.answered.length} got their form (p50 ${quantile(burst.formMs, 0.5).toFixed(0)} ms, p99 ${quantile(burst.formMs, 0.99).toFixed(0)} ms, max ${Math.max(...burst.formMs).toFixed(0)} ms), ${told} were told at once to try again;`);
    console.log(`  ours RSS ${idle.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB during the burst`);
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
