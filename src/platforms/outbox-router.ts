/**
 * The outbox's Sender when more than one platform is on: a person is written to where we can reach
 * them (the platform they used last first, the other if that one refuses for good); the DSL team
 * channel is posted on every platform that has one; card refreshes go to every platform.
 */
import type { CoreDeps } from '../core/deps';
import type { Identity, OutboxMessage, Platform } from '../core/model';
import type { Sender } from '../core/notify/worker';
import { isFinal, type DeliveryResult } from '../core/notify/delivery';
import { MESSAGE_KINDS } from '../core/notify/kinds';

export interface PlatformSender extends Sender {
  /** Whether the school file names a DSL team channel on this platform. */
  hasChannel(): boolean;
  /**
   * Whether this platform can find a person it cannot reach yet (Slack users.lookupByEmail; Teams by
   * installing the app through Graph), given their stored identity on it (null: never seen there).
   */
  canFind?(identity: Identity | null): boolean;
}

const ORDER: Platform[] = ['teams', 'slack'];

export class OutboxRouter implements Sender {
  constructor(
    private readonly deps: CoreDeps,
    private readonly senders: Partial<Record<Platform, PlatformSender>>,
  ) {}

  private enabled(): Platform[] {
    return ORDER.filter((p) => this.senders[p]);
  }

  async deliver(msg: OutboxMessage): Promise<DeliveryResult> {
    // A late in-turn reply belongs to the platform and conversation it was written for.
    const own = msg.kind === MESSAGE_KINDS.replyLate ? this.senders[msg.payload.platform as Platform] : undefined;
    if (own) return own.deliver(msg);
    switch (msg.recipient.type) {
      case 'person':
        return this.toPerson(msg, msg.recipient.email);
      case 'dsl_channel':
        return this.toChannels(msg);
      case 'posted_cards':
        return combine(await Promise.all(this.enabled().map((p) => this.senders[p]!.deliver(msg))));
    }
  }

  /** Platforms where the person can be reached, the one they used last first. */
  async reachable(email: string): Promise<Platform[]> {
    const { identities, presence } = this.deps.store;
    const found: Platform[] = [];
    for (const p of this.enabled()) {
      const id = await identities.findByEmail(p, email);
      // Teams needs a stored reference with a serviceUrl (a chat or a roster entry); Slack only the user id.
      const ref = id?.conversationRef as { serviceUrl?: unknown } | null | undefined;
      if (id && !id.unreachableAt && ref && (p !== 'teams' || typeof ref.serviceUrl === 'string')) found.push(p);
    }
    const recent = await presence.lastUsed(email);
    const rank = (p: Platform) => (recent.includes(p) ? recent.indexOf(p) : recent.length + ORDER.indexOf(p));
    return found.sort((a, b) => rank(a) - rank(b));
  }

  private async toPerson(msg: OutboxMessage, email: string): Promise<DeliveryResult> {
    const reachable = await this.reachable(email);
    // A message about something that lives on one platform (an unsent draft's reminder) goes there first.
    const pinned = msg.payload.pinPlatform;
    const known = reachable.includes(pinned as Platform) ? [pinned as Platform, ...reachable.filter((p) => p !== pinned)] : reachable;
    // Then the platforms that can find someone they have never seen, so everyone is reached from the first report.
    const finders: Platform[] = [];
    for (const p of this.enabled().filter((x) => !known.includes(x)))
      if (this.senders[p]!.canFind?.(await this.deps.store.identities.findByEmail(p, email))) finders.push(p);
    const platforms = [...known, ...finders];
    // Nobody reachable: the first platform's sender gives its own final answer (e.g. NO_CONVERSATION).
    if (!platforms.length) return this.senders[this.enabled()[0]]!.deliver(msg);
    let last: DeliveryResult | null = null;
    for (const p of platforms) {
      const result = await this.senders[p]!.deliver(msg);
      if (!isFinal(result)) return result;
      // Refused for good here: mark this platform only and try the next one the person uses.
      await this.deps.store.identities.markUnreachable(p, email, result.code, this.deps.clock.now());
      last = result;
    }
    return last!;
  }

  /** One post per platform; a platform that already has this card posted is not posted again on a retry. */
  private async toChannels(msg: OutboxMessage): Promise<DeliveryResult> {
    const withChannel = this.enabled().filter((p) => this.senders[p]!.hasChannel());
    if (!withChannel.length) return this.senders[this.enabled()[0]]!.deliver(msg);
    const done = new Set(
      msg.incidentId ? (await this.deps.store.posted.listByIncident(msg.incidentId)).filter((p) => p.recipientKey === 'dsl_channel' && p.kind === msg.kind).map((p) => p.platform) : [],
    );
    const results: DeliveryResult[] = [];
    for (const p of withChannel.filter((x) => !done.has(x))) results.push(await this.senders[p]!.deliver(msg));
    const anyRetry = results.some((r) => !r.ok && !isFinal(r));
    if (anyRetry && msg.incidentId) {
      // Keep what did get posted, so the retry posts only where it failed.
      for (const r of results) if (r.ok) for (const p of r.posted ?? []) await this.deps.store.posted.add({ ...p, incidentId: msg.incidentId, kind: msg.kind });
    }
    if (!results.length) return { ok: true };
    return combine(results);
  }
}

/** Several platforms' results as one: a retry if any can be retried, final only if all are final. */
function combine(results: DeliveryResult[]): DeliveryResult {
  const retry = results.find((r) => !r.ok && !isFinal(r));
  if (retry) return retry;
  const ok = results.filter((r) => r.ok);
  if (ok.length) return { ok: true, posted: ok.flatMap((r) => (r.ok ? (r.posted ?? []) : [])) };
  return results[0] ?? { ok: true };
}
