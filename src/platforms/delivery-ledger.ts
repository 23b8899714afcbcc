/**
 * At-least-once delivery without visible duplicates: a safeguarding card shown twice reads as two concerns. Every platform post goes through
 * postOnce: a ledger row is written before the post and completed with the posted id after. On a
 * retry (a crash between post and mark-sent, or a 500 after the platform accepted) the earlier post
 * is updated instead of a second one added; when the ledger only knows a post was started, Slack
 * finds it by its message metadata, and Teams, which cannot search a conversation, posts again
 * with a marked resend notice (recorded as uncertain).
 */
import type { CoreDeps } from '../core/deps';
import type { DeliveryKey } from '../core/ports';
import { faultPoint } from '../core/faults';

/** A message on a platform: its conversation (channel, chat, thread) and its id (activity id, ts). */
export interface PlatformPost {
  conversationId: string;
  activityId: string;
}

/** The platform steps postOnce combines. */
export interface PostSteps {
  /** Posts the message (finding the recipient first if needed); `resend`: mark it as sent again after a fault. */
  post(resend: boolean): Promise<PlatformPost>;
  /** Updates an earlier post to this message; false when it is gone (deleted), so it is posted again. */
  update(earlier: PlatformPost): Promise<boolean>;
  /** Finds a post whose outcome the ledger does not know (Slack: by metadata), or null; absent where the platform cannot search. */
  find?(since: Date): Promise<PlatformPost | null>;
  /** True when an error means the platform refused the post and nothing was posted (429, 4xx, a refusal before any call). */
  refused(err: unknown): boolean;
}

/** How a post ended: a new message, the earlier one updated in place, or a marked resend. */
export type PostOutcome = PlatformPost & { outcome: 'posted' | 'replaced' | 'resent' };

/** Posts one outbox row to one recipient at most once as far as they can see (see the file comment). */
export async function postOnce(deps: CoreDeps, key: DeliveryKey, steps: PostSteps): Promise<PostOutcome> {
  const ledger = deps.store.deliveries;
  const earlier = await ledger.get(key);
  let known: PlatformPost | null = earlier?.activityId && earlier.conversationId ? { conversationId: earlier.conversationId, activityId: earlier.activityId } : null;
  let resend = false;
  if (earlier && !known) {
    if (steps.find) {
      known = await steps.find(earlier.startedAt);
      if (known) await ledger.posted(key, known, deps.clock.now());
    } else {
      resend = true;
    }
  }
  if (known && (await steps.update(known))) {
    await ledger.mark(key, 'replacedAt', deps.clock.now());
    return { ...known, outcome: 'replaced' };
  }
  await ledger.start(key, deps.clock.now());
  let post: PlatformPost;
  try {
    post = await steps.post(resend);
  } catch (err) {
    if (steps.refused(err)) await ledger.refused(key);
    throw err;
  }
  faultPoint('platform_posted', key.platform);
  if (resend) await ledger.mark(key, 'uncertainAt', deps.clock.now());
  await ledger.posted(key, post, deps.clock.now());
  return { ...post, outcome: resend ? 'resent' : 'posted' };
}
