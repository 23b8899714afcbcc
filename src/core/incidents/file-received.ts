/**
 * A file sent to the bot (UKCIS sharing nudes guidance; 004 §20.5). The bot never
 * stores, opens or forwards it, and never asks the sender to delete it (do not view, copy,
 * forward or delete). The DSL and deputies are told privately who sent a file, when and where —
 * nothing of the file itself: not its name, its link or its content.
 */
import type { CoreDeps } from '../deps';
import type { Person, Platform } from '../model';
import { routeRecipients } from '../routing/route';
import { enqueue, MESSAGE_KINDS } from '../notify/enqueue';

/** Where the file was sent: the person's 1:1 chat / DM with the bot, a channel, or a group chat. */
export type FilePlace = 'personal' | 'channel' | 'group';

export interface FileReceipt {
  platform: Platform;
  /** The platform's id of the message (Teams activity id; Slack channel and ts): one alert per message. */
  messageId: string;
  place: FilePlace;
  /** The sender when the platform confirmed who they are; else only the display name it gave. */
  sender: Person | null;
  senderName: string | null;
}

/** Queues the private notice to the DSL and deputies (not the sender); a retried message queues nothing. Returns how many were queued. */
export async function reportFileReceived(deps: CoreDeps, receipt: FileReceipt): Promise<number> {
  const { store, school, clock } = deps;
  const now = clock.now();
  // The DSL team as routing defines it, minus the sender when they are on it.
  const team = routeRecipients(school, 'dsl_team', receipt.sender);
  const payload = {
    platform: receipt.platform,
    place: receipt.place,
    senderEmail: receipt.sender?.email ?? null,
    senderName: receipt.sender ? null : (receipt.senderName?.slice(0, 200) ?? null),
    receivedAt: now.getTime(),
  };
  const messageId = receipt.messageId.slice(0, 200);
  return store.transaction(async (tx) => {
    let queued = 0;
    for (const p of team) {
      if (await enqueue(tx, now, MESSAGE_KINDS.dslFileReceived, { type: 'person', email: p.email }, `file:${receipt.platform}:${messageId}:${p.email}`, null, payload)) queued++;
    }
    return queued;
  });
}
