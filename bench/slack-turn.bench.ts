/**
 * Benchmark: a Slack request to this bot against a bare Bolt app on the same express setup, side by
 * side on loopback with the same fake Slack Web API.
 *
 *   npm run bench:slack      (N=200 by default; BENCH_N to change)
 *
 * Both receive the same signed `/report` commands. Ours: verify, resolve the person by email, save a
 * draft, open a modal and update it to the first question (two Web API calls); bare: verify, ack and
 * open one empty modal. Reports median and p95 latency of the HTTP request including the follow-up
 * work, and the ratio ours/bare. Bounded in count and time.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import express from 'express';
import { App, ExpressReceiver } from '@slack/bolt';
import { SlackHarness, SIGNING_SECRET } from '../test/helpers/slack-harness';

const N = Number(process.env.BENCH_N ?? 200);
const DEADLINE = Date.now() + 5 * 60_000;

async function bareBolt(apiUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const receiver = new ExpressReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events' });
  const app = new App({ receiver, authorize: async () => ({ botToken: 'xoxb-bare' }), clientOptions: { slackApiUrl: apiUrl } });
  app.command('/report', async ({ ack, client, body }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: { type: 'modal', title: { type: 'plain_text', text: 'Report' }, blocks: [] } });
  });
  const web = express();
  web.use(receiver.router);
  const server = http.createServer(web);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

async function signedSlash(url: string, user: string): Promise<void> {
  const body = new URLSearchParams({ command: '/report', text: '', user_id: user, team_id: 'T1', channel_id: `D${user}`, trigger_id: `t-${user}`, response_url: 'http://127.0.0.1:9/unused' }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${crypto.createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  const res = await fetch(`${url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig }, body });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  await res.text();
}

function stats(ms: number[]): { median: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)] };
}

async function main(): Promise<void> {
  const h = await SlackHarness.start();
  const bare = await bareBolt(h.fake.url);
  const run = async (label: string, once: (user: string) => Promise<void>) => {
    const times: number[] = [];
    for (let i = 0; i < N && Date.now() < DEADLINE; i++) {
      const user = `U${label}${i}`;
      h.fake.addUser({ id: user, email: `${user.toLowerCase()}@bench.school`, name: user });
      const t = performance.now();
      await once(user);
      times.push(performance.now() - t);
    }
    return stats(times);
  };
  try {
    const ours = async (user: string) => {
      await signedSlash(h.app.url, user);
      await h.app.slack!.idle(); // the modal is opened and updated after the ack
    };
    // Bolt acks before the listener's views.open returns; wait until the fake saw it, as for ours.
    const bareOnce = async (user: string) => {
      const before = h.fake.of('views.open').length;
      await signedSlash(bare.url, user);
      while (h.fake.of('views.open').length === before) await new Promise((r) => setImmediate(r));
    };
    await run('warmbare', bareOnce);
    await run('warmours', ours);
    const b = await run('bare', bareOnce);
    const o = await run('ours', ours);
    console.log(`Slack /report latency (request + modal), ${N} requests each, sequential, loopback, SQLite file`);
    console.log(`bare Bolt ${b.median.toFixed(2)} ms (p95 ${b.p95.toFixed(2)})   ours ${o.median.toFixed(2)} ms (p95 ${o.p95.toFixed(2)})   ratio ${(o.median / b.median).toFixed(1)}x`);
  } finally {
    await bare.close();
    await h.close();
  }
}

void main();
