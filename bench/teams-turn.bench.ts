/**
 * Benchmark: the cost of a Teams turn in this bot against a bare botbuilder CloudAdapter that only
 * echoes, run side by side on loopback with the same fake Teams connector.
 *
 *   npm run bench            (N=300 by default; BENCH_N=1000 for a longer run)
 *
 * Each bot gets the same number of "report" messages from distinct users (ours: start a draft,
 * render and send the first wizard card; bare: echo the text) and the same card clicks (ours: one
 * wizard step answered and saved; bare: answer the invoke with a fixed card). Reports the median
 * and p95 latency per request and the ratio ours/bare. The loop is bounded in count and time.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { loadConfig } from '../src/config';
import { startApp } from '../src/app';
import { FakeTeamsConnector } from '../test/helpers/fake-teams-connector';
import { cardAction, personalMessage, postActivity, teamsUser } from '../test/helpers/teams-activities';

const N = Number(process.env.BENCH_N ?? 300);
const DEADLINE = Date.now() + 5 * 60_000;

async function bareBot(): Promise<{ url: string; close(): Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const web = express();
  web.post('/api/messages', express.json(), async (req, res) => {
    await adapter.process(req, res, async (ctx: TurnContext) => {
      if (ctx.activity.type === ActivityTypes.Invoke) {
        await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard', version: '1.5', body: [] } } } });
      } else await ctx.sendActivity(`echo: ${ctx.activity.text}`);
    });
  });
  const server = http.createServer(web);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

function stats(ms: number[]): { median: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)] };
}

async function run(url: string, fake: FakeTeamsConnector, label: string, draftIdOf: (i: number) => Promise<string | null>) {
  const msg: number[] = [];
  const click: number[] = [];
  for (let i = 0; i < N && Date.now() < DEADLINE; i++) {
    const user = teamsUser(`${label}${i}`);
    fake.addUser(user);
    let t = performance.now();
    await postActivity(url, personalMessage({ serviceUrl: fake.url, user, text: 'report' }));
    msg.push(performance.now() - t);
    const draftId = (await draftIdOf(i)) ?? '00000000-0000-4000-8000-000000000000';
    t = performance.now();
    await postActivity(url, cardAction({ serviceUrl: fake.url, user, conversation: `a:1on1-${user.id}`, verb: 'report.next', data: { draftId, stepId: 'category' }, inputs: { category: 'other' }, replyToId: 'x' }));
    click.push(performance.now() - t);
  }
  return { msg: stats(msg), click: stats(click), n: msg.length };
}

async function main(): Promise<void> {
  const fake = await FakeTeamsConnector.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-bench-'));
  const ours = await startApp(loadConfig({ PORT: '0', DATABASE_URL: `sqlite:${path.join(dir, 'bench.sqlite')}`, LOG_LEVEL: 'silent' }), { background: false, initDatabase: true });
  const bare = await bareBot();
  try {
    // Warm up both (JIT, connections, template cache).
    await run(bare.url, fake, 'warmbare', async () => null);
    await run(ours.url, fake, 'warmours', async () => null);
    const b = await run(bare.url, fake, 'bare', async () => null);
    const o = await run(ours.url, fake, 'ours', async (i) => (await ours.deps.store.drafts.getOpen('teams', teamsUser(`ours${i}`).id))?.id ?? null);
    const row = (name: string, x: { median: number; p95: number }, y: { median: number; p95: number }) =>
      `${name.padEnd(26)} bare ${x.median.toFixed(2)} ms (p95 ${x.p95.toFixed(2)})   ours ${y.median.toFixed(2)} ms (p95 ${y.p95.toFixed(2)})   ratio ${(y.median / x.median).toFixed(1)}x`;
    console.log(`Teams turn latency, ${o.n} requests each, sequential, loopback, SQLite file`);
    console.log(row('"report" message', b.msg, o.msg));
    console.log(row('wizard step (card click)', b.click, o.click));
  } finally {
    await ours.close();
    await bare.close();
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
