/**
 * The least an activity must carry before the adapter and our handler see it. botbuilder parses
 * the body outside its own error handling, and a malformed activity would otherwise reach the turn
 * as a 500 (with an internal message in the body). A bad shape is answered 400 BAD_ACTIVITY
 * (src/platforms/teams/http.ts).
 */
import { z } from 'zod';

const text = z.string().optional().nullable();
const account = z.object({ id: z.string().min(1), name: text, aadObjectId: text, role: text }).passthrough();
const record = z.record(z.string(), z.unknown());

// Every field botbuilder or our handler reads is checked for its type: a number where a string
// belongs would otherwise throw inside the turn and answer 500 (issue #8, found by the generated suite).
const activityShape = z
  .object({
    type: z.string().min(1),
    id: z.string().optional(),
    channelId: z.string().min(1),
    serviceUrl: z.string().url(),
    from: account,
    recipient: account,
    conversation: account.extend({ tenantId: text, conversationType: text, isGroup: z.boolean().optional().nullable() }),
    channelData: record.optional().nullable(),
    text,
    textFormat: text,
    locale: text,
    name: text,
    replyToId: text,
    action: text,
    timestamp: text,
    localTimestamp: text,
    entities: z.array(record).optional().nullable(),
    attachments: z.array(record).optional().nullable(),
    membersAdded: z.array(account).optional().nullable(),
    membersRemoved: z.array(account).optional().nullable(),
  })
  .passthrough();

/** Why a parsed body is not an activity (the fields to check, never their values), or null when it is one. */
export function activityShapeProblem(body: unknown): string | null {
  const parsed = activityShape.safeParse(body);
  if (parsed.success) return null;
  // Name the fields, never echo their values (they may hold report text).
  const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(body)'))].join(', ');
  return `Not a Bot Framework activity: check ${fields}.`;
}
