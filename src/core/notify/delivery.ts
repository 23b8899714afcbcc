/**
 * The one way a delivery fails, for both platform senders, the outbox router, the outbox worker and
 * the roster sync. The reason decides what happens next:
 * - `final`: the platform refused this person or channel for good (403 app not installed, blocked,
 *   gone): they are marked unreachable and the fallback route is taken; never retried.
 * - `retryable`: transient (5xx, a network fault), or our own bug — a message we could not render,
 *   or one the platform rejects as too large or malformed. Retried with backoff; a bug is `alert`ed
 *   (logged with its code for a person to fix), and the recipient stays reachable, because nothing
 *   about them is wrong.
 * - `retry_after`: the platform said when to come back (429 Retry-After); the retry waits that long.
 */

/** A message as it landed on a platform, kept so it can be updated in place later. */
export interface PostedMessage {
  platform: 'teams' | 'slack';
  conversationId: string;
  activityId: string;
  recipientKey: string;
}

export type DeliveryFailure =
  | { ok: false; reason: 'final'; code: string }
  | { ok: false; reason: 'retryable'; code: string; alert?: true }
  | { ok: false; reason: 'retry_after'; code: string; retryAfterMs: number };

export type FailureReason = DeliveryFailure['reason'];

export type DeliveryResult = { ok: true; posted?: PostedMessage[] } | DeliveryFailure;

/** The recipient cannot be reached here: mark them unreachable and take the fallback route. */
export function unreachable(code: string): DeliveryFailure {
  return { ok: false, reason: 'final', code };
}

/** A transient fault: back off and try again. */
export function retryable(code: string): DeliveryFailure {
  return { ok: false, reason: 'retryable', code };
}

/** Our own fault (the message could not be rendered, or the platform rejects its size or shape): retried and alerted, never the recipient's fault. */
export function renderingBug(code: string): DeliveryFailure {
  return { ok: false, reason: 'retryable', code, alert: true };
}

/** Come back after `ms`; without a usable wait it is an ordinary retry with backoff. */
export function retryAfter(code: string, ms: number | undefined): DeliveryFailure {
  return ms === undefined || !Number.isFinite(ms) ? retryable(code) : { ok: false, reason: 'retry_after', code, retryAfterMs: Math.max(0, ms) };
}

/** Thrown inside a sender or renderer to end a delivery with this failure (the sender turns it back into a result). */
export class DeliveryError extends Error {
  constructor(readonly failure: DeliveryFailure) {
    super(failure.code);
  }

  get code(): string {
    return this.failure.code;
  }
}

/** True when the failure is the recipient's (marked unreachable), not ours or the network's. */
export function isFinal(result: DeliveryResult): result is Extract<DeliveryFailure, { reason: 'final' }> {
  return !result.ok && result.reason === 'final';
}

/** An HTTP Retry-After value (seconds, or an HTTP date) in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
