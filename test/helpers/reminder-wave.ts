/**
 * A reminder wave, for the send-rate spec and bench (bench/reminder-wave.bench.ts): a school of
 * `size` staff, each reachable in their own 1:1 chat (Teams, one tenant) or DM (Slack, one
 * workspace), each with a duty reminder queued in the outbox, delivered by the product's own
 * wiring (wire(): the senders, the send throttle, the worker) against an enforcing fake platform.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { drainOutbox, wire, type Wiring } from '../../src/host/wiring';
import { MESSAGE_KINDS } from '../../src/core/notify/kinds';
import { syncReminders } from '../../src/core/duties/sweep';
import { E2eDatabase } from './e2e-database';
import { TENANT_ID } from './teams-activities';

export interface WaveOptions {
  platform: 'teams' | 'slack';
  size: number;
  /** The fake's URL: the Teams connector's serviceUrl, or the Slack Web API's base. */
  fakeUrl: string;
  /** Extra environment (OUTBOX_CONCURRENCY, SLACK_POSTS_PER_MINUTE…). */
  env?: Record<string, string>;
}

export interface Wave {
  w: Wiring;
  emails: string[];
  /** The Teams conversation or Slack DM channel of person i. */
  conversationOf(i: number): string;
  /** Queues one duty reminder per person, as a due sweep would. */
  enqueue(): Promise<number>;
  /** Delivers everything due; resolves with how many rows were handled and how long it took (ms). */
  deliver(): Promise<{ handled: number; ms: number }>;
  close(): Promise<void>;
}

const DUTIES_YAML = `duties:
  lead_days: [30, 7]
  new_staff_grace_days: 0
  escalate_after_days: 28
  aua:
    version: "2026-1"
    file: aua.md
    effective_from: 2026-09-01
`;

/** Builds the school, the database and the identities of a wave of `size` people. */
export async function startWave(o: WaveOptions): Promise<Wave> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wave-'));
  const db = new E2eDatabase(dir);
  const emails = Array.from({ length: o.size }, (_, i) => `staff${i}@wave.test`);
  const people = [`  - { email: dsl@wave.test, name: Dana DSL, roles: [dsl] }`, `  - { email: head@wave.test, name: Hana Head, roles: [headteacher] }`, ...emails.map((e, i) => `  - { email: ${e}, name: Staff ${i}, roles: [staff] }`)];
  const team = o.platform === 'teams' ? `  teams:\n    channel_id: "19:dsl@thread.tacv2"\n    tenant_id: ${TENANT_ID}\n` : `  slack:\n    channel_id: CDSL\n    team_id: [T1]\n`;
  fs.writeFileSync(path.join(dir, 'school.yaml'), `school:\n  name: Wave Academy\n  timezone: Europe/London\n  reference_prefix: WA\npeople:\n${people.join('\n')}\nsafeguarding_team:\n${team}${DUTIES_YAML}`);
  fs.writeFileSync(path.join(dir, 'aua.md'), '# Staff AUA\n\nI will only use school systems for professional purposes.\n');
  const platformEnv: Record<string, string> =
    o.platform === 'teams' ? { TEAMS_ALLOW_UNAUTHENTICATED: '1' } : { SLACK_SIGNING_SECRET: 'wave-secret', SLACK_BOT_TOKEN: 'xoxb-wave', SLACK_API_URL: o.fakeUrl };
  const config = loadConfig({ DATABASE_URL: db.url, SCHOOL_CONFIG: path.join(dir, 'school.yaml'), LOG_LEVEL: 'silent', ...platformEnv, ...o.env });
  const w = await wire(config, { initDatabase: true, owner: 'wave' });
  const conversationOf = (i: number) => (o.platform === 'teams' ? `a:1on1-29:wave${i}` : `DWAVE${i}`);
  for (const [i, email] of emails.entries()) {
    const conversationRef =
      o.platform === 'teams'
        ? { serviceUrl: o.fakeUrl, channelId: 'msteams', conversation: { id: conversationOf(i), conversationType: 'personal', tenantId: TENANT_ID }, bot: { id: '28:bot', name: 'Safeguard' }, user: { id: `29:wave${i}` } }
        : { userId: `UWAVE${i}`, teamId: 'T1', channel: conversationOf(i) };
    await w.store.identities.upsert({ platform: o.platform, platformUserId: o.platform === 'teams' ? `29:wave${i}` : `UWAVE${i}`, email, name: `Staff ${i}`, tenantId: o.platform === 'teams' ? TENANT_ID : 'T1', conversationRef });
  }
  return {
    w,
    emails,
    conversationOf,
    async enqueue() {
      const now = w.deps.clock.now();
      await syncReminders(w.deps, now);
      const first = new Map<string, { id: string; dueDate: string }>();
      for (const r of await w.store.reminders.list()) if (r.subjectEmail && !first.has(r.subjectEmail)) first.set(r.subjectEmail, r);
      let queued = 0;
      for (const email of emails) {
        const r = first.get(email);
        if (!r) throw new Error(`no duty reminder for ${email}: the wave school gives every member of staff a duty`);
        const payload = { reminderId: r.id, dueDate: r.dueDate, offset: 0 };
        if (await w.store.outbox.enqueue({ dedupeKey: `wave:${r.id}`, incidentId: null, recipient: { type: 'person', email }, kind: MESSAGE_KINDS.dutyReminder, payload, nextAttemptAt: now }, now)) queued++;
      }
      return queued;
    },
    async deliver() {
      const t = performance.now();
      const handled = await drainOutbox(w.worker);
      return { handled, ms: performance.now() - t };
    },
    async close() {
      await w.close();
      fs.rmSync(dir, { recursive: true, force: true });
      await db.drop();
    },
  };
}
