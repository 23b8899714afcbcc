/**
 * The runner of the generated Teams suite: posts one case, then checks the answer is
 * coded and in time, the process healthy, the rows unchanged (or only the sender's own), nothing
 * sent to anyone else and the log clean.
 */
import assert from 'node:assert/strict';
import { mark, type Harness } from '../../helpers/bot-harness';
import { dumpDatabase } from '../../helpers/db-dump';
import { captureLog, postRaw } from '../helpers';
import { assertLogClean, assertNoInternals, changedTables, count } from './gen';

// Tables a known person's own message may change (their draft, identity, conversation); nothing else.
const OWN_TABLES = ['drafts', 'identities', 'conversations'];

type Answer = Awaited<ReturnType<typeof postRaw>>;

export interface Case {
  kind: string;
  body: string;
  headers?: Record<string, string>;
  canary: string;
  /** Conversations the bot may send to in answer (the sender's own); none by default. */
  mayReach?: string[];
  /** The sender may change their own draft/identity rows; every other table must stay as it was. */
  ownRowsMayChange?: boolean;
  /** With ownRowsMayChange: the sender's Teams id; every draft row that changed must be theirs. */
  sender?: string;
  /** A turn that must reach the connector with the bot's own token may find it out of reach (503). */
  upstreamMay503?: boolean;
  /** The answer this case must get, beyond "no 5xx, no internals". */
  expect(res: Answer): void;
}

/** The outcome as tallied: the HTTP status and the coded error (or the invoke answer's type). */
function outcome(res: Answer): string {
  const b = res.body as { error?: { code?: string }; code?: string; type?: string; value?: { code?: string } } | undefined;
  const code = b?.error?.code ?? b?.code ?? b?.value?.code ?? (b?.type ? b.type.replace('application/vnd.microsoft.', '') : '');
  return `${res.status}${code ? ` ${code}` : ''}`;
}

export class Runner {
  constructor(
    readonly h: Harness,
    readonly cap: ReturnType<typeof captureLog>,
    readonly entry: string,
  ) {}

  private secrets(c: Case): string[] {
    return [c.canary, ...Object.values(this.h.users).flatMap((u) => [u.name, String(u.email)])];
  }

  /** Runs one case; a failure shows the start of the request, to replay it with the printed seed. */
  async run(c: Case): Promise<void> {
    try {
      await this.check(c);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n  request: ${c.body.slice(0, 600)}`);
    }
  }

  private async check(c: Case): Promise<void> {
    const store = this.h.app.deps.store;
    const what = `${this.entry}/${c.kind}`;
    const before = await dumpDatabase(store);
    const sentFrom = mark(this.h);
    const logFrom = this.cap.lines.length;
    const started = Date.now();
    const res = await postRaw(`${this.h.app.url}/api/messages`, c.body, c.headers ?? {});
    const ms = Date.now() - started;
    assert.ok(res.status < 500 || (c.upstreamMay503 && res.status === 503), `${what}: answered ${res.status} ${String(JSON.stringify(res.body)).slice(0, 300)}`);
    assert.ok(ms < 5000, `${what}: took ${ms} ms`);
    assertNoInternals(res.body, what);
    if (res.status >= 400) assert.equal(typeof (res.body as { error?: { code?: unknown } })?.error?.code, 'string', `${what}: a ${res.status} without a coded error`);
    c.expect(res);
    const after = await dumpDatabase(store);
    assert.deepEqual(changedTables(before, after, c.ownRowsMayChange ? OWN_TABLES : []), [], `${what}: rows changed`);
    if (c.sender) assert.deepEqual(changedDraftOwners(before, after).filter((o) => o !== c.sender), [], `${what}: another person's draft changed`);
    const sent = this.h.fake.sent.filter((s) => s.seq > sentFrom && ['create', 'send', 'reply', 'update', 'delete'].includes(s.kind));
    for (const s of sent) assert.ok((c.mayReach ?? []).includes(String(s.conversationId)), `${what}: the bot sent to ${s.conversationId} (${s.kind})`);
    const sentText = JSON.stringify(sent.map((s) => s.activity ?? null));
    assert.ok(!sentText.includes('\u0000'), `${what}: a NUL was sent to the connector`);
    assertLogClean(this.cap, logFrom, this.secrets(c), what);
    const health = await fetch(`${this.h.app.url}/healthz`);
    assert.equal(health.status, 200, `${what}: /healthz answered ${health.status}`);
    count(this.entry, c.kind, outcome(res));
  }
}

/** The platform_user_id of every draft row added, removed or changed between two dumps. */
function changedDraftOwners(before: string, after: string): string[] {
  type Row = { id: string; platform_user_id: string };
  const rows = (d: string) => new Map(((JSON.parse(d) as Record<string, Row[]>).drafts ?? []).map((r) => [r.id, r]));
  const a = rows(before);
  const b = rows(after);
  const ids = [...new Set([...a.keys(), ...b.keys()])].filter((id) => JSON.stringify(a.get(id)) !== JSON.stringify(b.get(id)));
  return ids.map((id) => String((b.get(id) ?? a.get(id))!.platform_user_id));
}

/** The first { incidentId, version } in any card the bot sent. */
export function findRef(activities: unknown[]): { incidentId: string; version: number } | null {
  let found: { incidentId: string; version: number } | null = null;
  const walk = (n: unknown) => {
    if (found || !n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (typeof o.incidentId === 'string' && typeof o.version === 'number') found = { incidentId: o.incidentId, version: o.version };
    for (const v of Object.values(o)) walk(v);
  };
  activities.forEach(walk);
  return found;
}
