import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store';
import type { Store } from '../../src/core/ports';
import type { OutboxMessage, Platform } from '../../src/core/model';
import type { DeliveryResult } from '../../src/core/notify/worker';
import { OutboxRouter, type PlatformSender } from '../../src/platforms/outbox-router';
import { testSchool } from '../helpers/school';
import { FakeClock } from '../helpers/clock';

const msg = (recipient: OutboxMessage['recipient']): OutboxMessage =>
  ({ id: 'm1', dedupeKey: 'k', incidentId: null, recipient, kind: 'incident.page', payload: {}, status: 'pending', attempts: 1, nextAttemptAt: new Date(), leaseOwner: 'w', leaseUntil: null, lastError: null, createdAt: new Date(), sentAt: null }) as OutboxMessage;

class Recording implements PlatformSender {
  readonly got: string[] = [];
  constructor(
    private readonly result: DeliveryResult,
    private readonly channel = true,
  ) {}
  hasChannel() {
    return this.channel;
  }
  async deliver(m: OutboxMessage) {
    this.got.push(m.recipient.type);
    return this.result;
  }
}

/** A sender that can find people it has never seen (as Slack does with users.lookupByEmail). */
class Finder extends Recording {
  canFind(identity: unknown) {
    return identity === null;
  }
}

describe('outbox router: the right platform for each message', () => {
  let dir: string;
  let store: Store;
  const clock = new FakeClock();
  const email = 'tom.teacher@school.test';
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'router-'));
    store = await openStore(`sqlite:${path.join(dir, 'db.sqlite')}`, { create: true });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const router = (teams: Recording, slack: Recording) => new OutboxRouter({ store, school: testSchool(), clock }, { teams, slack });
  const known = async (...platforms: Platform[]) => {
    for (const p of platforms) await store.identities.upsert({ platform: p, platformUserId: `${p}-1`, email, name: null, tenantId: null, conversationRef: p === 'teams' ? { serviceUrl: 'https://x/' } : { userId: 'U1' } });
  };

  it('writes to a person on the platform they used last', async () => {
    await known('teams', 'slack');
    await store.presence.touch(email, 'teams', new Date(1000));
    await store.presence.touch(email, 'slack', new Date(2000));
    const [teams, slack] = [new Recording({ ok: true }), new Recording({ ok: true })];
    assert.deepEqual(await router(teams, slack).deliver(msg({ type: 'person', email })), { ok: true });
    assert.deepEqual([teams.got, slack.got], [[], ['person']]);
  });

  it('tries the other platform when the first refuses for good, marking only the first unreachable', async () => {
    await known('teams', 'slack');
    const [teams, slack] = [new Recording({ ok: false, reason: 'final', code: 'HTTP_403' }), new Recording({ ok: true })];
    assert.equal((await router(teams, slack).deliver(msg({ type: 'person', email }))).ok, true);
    assert.deepEqual([teams.got, slack.got], [['person'], ['person']]);
    assert.ok((await store.identities.findByEmail('teams', email))?.unreachableAt);
    assert.equal((await store.identities.findByEmail('slack', email))?.unreachableAt, null);
  });

  it('posts the DSL channel card on every platform that has a channel, and retries only on the one that failed', async () => {
    const teams = new Recording({ ok: true, posted: [{ platform: 'teams', conversationId: 'c', activityId: 'a', recipientKey: 'dsl_channel' }] });
    const slack = new Recording({ ok: false, reason: 'retry_after', code: 'slack_ratelimited', retryAfterMs: 30_000 });
    const incident = await store.incidents.create({ category: 'pupil', kinds: [], urgent: false, serious: false, immediateDanger: false, status: 'reported', reporterEmail: email, reporterPlatform: 'slack', subjectEmail: null, subjectName: null, route: 'dsl_team', ownerEmail: null, answers: {}, occurredAt: null, reportedAt: new Date(), acknowledgedAt: null, closedAt: null, outcome: null, pageLevel: 0, nextPageAt: null }, 'OS', 2026);
    const m = { ...msg({ type: 'dsl_channel' }), incidentId: incident.id, kind: 'incident.channel_card' };
    const r = router(teams, slack);
    assert.equal((await r.deliver(m)).ok, false);
    await r.deliver(m);
    assert.deepEqual(teams.got, ['dsl_channel'], 'Teams was posted once');
    assert.deepEqual(slack.got, ['dsl_channel', 'dsl_channel']);
  });

  it('skips a platform whose school file names no channel', async () => {
    const [teams, slack] = [new Recording({ ok: true }, false), new Recording({ ok: true })];
    await router(teams, slack).deliver(msg({ type: 'dsl_channel' }));
    assert.deepEqual([teams.got, slack.got], [[], ['dsl_channel']]);
  });

  it('writes to a person nobody knows yet on a platform that can find them', async () => {
    const [teams, slack] = [new Recording({ ok: false, reason: 'final', code: 'NO_CONVERSATION' }), new Finder({ ok: true })];
    assert.deepEqual(await router(teams, slack).deliver(msg({ type: 'person', email })), { ok: true });
    assert.deepEqual([teams.got, slack.got], [[], ['person']]);
  });

  it('tries a platform that can find the person after the one that knows them refuses for good', async () => {
    await known('teams');
    const [teams, slack] = [new Recording({ ok: false, reason: 'final', code: 'HTTP_403' }), new Finder({ ok: true })];
    assert.equal((await router(teams, slack).deliver(msg({ type: 'person', email }))).ok, true);
    assert.deepEqual([teams.got, slack.got], [['person'], ['person']]);
  });

  it('does not look again for a person the platform knows but has marked unreachable', async () => {
    await known('teams', 'slack');
    await store.identities.markUnreachable('slack', email, 'account_inactive', new Date());
    const [teams, slack] = [new Recording({ ok: false, reason: 'final', code: 'HTTP_403' }), new Finder({ ok: true })];
    assert.equal((await router(teams, slack).deliver(msg({ type: 'person', email }))).ok, false);
    assert.deepEqual([teams.got, slack.got], [['person'], []]);
  });
});
