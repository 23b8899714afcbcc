/**
 * Benchmark: a reminder wave delivered against fake platforms that enforce the documented send
 * limits (sliding windows, 429 + Retry-After), measured against the allowed rate, which is the
 * floor of the time it can take.
 *
 *   npm run bench:wave     (WAVE_TEAMS=2000 people on Teams, WAVE_SLACK=300 on Slack by default)
 *
 * Teams: 2,000 people in one tenant, each in their own 1:1 chat, so the binding limit is the app's
 * 50 requests/s per tenant (40 s at best). Slack: DMs in one workspace, bound by the workspace-wide
 * chat.postMessage limit, which Slack does not publish: SLACK_POSTS_PER_MINUTE (default 300, so 300
 * people take a minute at best). Prints achieved/allowed and the number of 429s; the target is
 * >= 90 % of the allowed rate with no 429. Runs on SQLite, or PostgreSQL with E2E_DATABASE_URL.
 */
import { FakeTeamsConnector } from '../test/helpers/fake-teams-connector';
import { FakeSlackApi } from '../test/helpers/fake-slack-api';
import { SLACK_DOCUMENTED_LIMITS, TEAMS_DOCUMENTED_LIMITS } from '../test/helpers/rate-windows';
import { startWave } from '../test/helpers/reminder-wave';

const TEAMS_N = Number(process.env.WAVE_TEAMS ?? 2000);
const SLACK_N = Number(process.env.WAVE_SLACK ?? 300);
const POSTS_PER_MINUTE = Number(process.env.SLACK_POSTS_PER_MINUTE ?? 300);

interface Row {
  platform: string;
  people: number;
  delivered: number;
  seconds: number;
  achieved: number;
  allowed: number;
  throttled: number;
}

async function teams(): Promise<Row> {
  const fake = await FakeTeamsConnector.start();
  const windows = fake.enforceRateLimits(TEAMS_DOCUMENTED_LIMITS);
  const wave = await startWave({ platform: 'teams', size: TEAMS_N, fakeUrl: fake.url });
  try {
    await wave.enqueue();
    const { ms } = await wave.deliver();
    const delivered = wave.emails.filter((_, i) => fake.messagesTo(wave.conversationOf(i)).length > 0).length;
    const allowed = TEAMS_DOCUMENTED_LIMITS.app[0].count / (TEAMS_DOCUMENTED_LIMITS.app[0].perMs / 1000);
    return { platform: 'Teams', people: TEAMS_N, delivered, seconds: ms / 1000, achieved: delivered / (ms / 1000), allowed, throttled: windows.totalRefusals() };
  } finally {
    await wave.close();
    await fake.close();
  }
}

async function slack(): Promise<Row> {
  const fake = await FakeSlackApi.start();
  const limits = { ...SLACK_DOCUMENTED_LIMITS, postPerWorkspace: [{ count: POSTS_PER_MINUTE, perMs: 60_000 }] };
  const windows = fake.enforceRateLimits(limits);
  const wave = await startWave({ platform: 'slack', size: SLACK_N, fakeUrl: fake.url, env: { SLACK_POSTS_PER_MINUTE: String(POSTS_PER_MINUTE) } });
  try {
    await wave.enqueue();
    const { ms } = await wave.deliver();
    const delivered = wave.emails.filter((_, i) => fake.messagesIn(wave.conversationOf(i)).length > 0).length;
    return { platform: 'Slack', people: SLACK_N, delivered, seconds: ms / 1000, achieved: delivered / (ms / 1000), allowed: POSTS_PER_MINUTE / 60, throttled: windows.totalRefusals() };
  } finally {
    await wave.close();
    await fake.close();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  if (TEAMS_N > 0) rows.push(await teams());
  if (SLACK_N > 0) rows.push(await slack());
  console.log(`reminder wave, ${process.env.E2E_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}, against fakes enforcing the documented limits`);
  console.log('platform  people  delivered  seconds  achieved/s  allowed/s  achieved/allowed  429s');
  for (const r of rows) {
    console.log(
      `${r.platform.padEnd(8)}  ${String(r.people).padStart(6)}  ${String(r.delivered).padStart(9)}  ${r.seconds.toFixed(1).padStart(7)}  ${r.achieved.toFixed(1).padStart(10)}  ${r.allowed.toFixed(1).padStart(9)}  ${`${((100 * r.achieved) / r.allowed).toFixed(1)} %`.padStart(16)}  ${String(r.throttled).padStart(4)}`,
    );
  }
  const bad = rows.filter((r) => r.delivered < r.people || r.throttled > 0 || r.achieved < 0.9 * r.allowed);
  if (bad.length) {
    console.log(`below target (all delivered, no 429, >= 90 % of allowed): ${bad.map((r) => r.platform).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
