/**
 * The least an activity must carry before the adapter and our handler see it. botbuilder parses
 * the body outside its own error handling, and a malformed activity would otherwise reach the turn
 * as a 500 (with an internal message in the body). A bad shape is answered 400 BAD_ACTIVITY
 * (src/platforms/teams/http.ts).
 */
import { z } from 'zod';

const text = z.string().optional().nullable();
// Ids and names Teams sends are short; a 100 KB "id" is an attack, refused before it reaches the store.
const short = (n: number) => z.string().max(n).optional().nullable();
// An id goes into the connector's URL path: a control character there can only be an attack.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const id = (n: number) => z.string().min(1).max(n).regex(/^[^\u0000-\u001f\u007f]*$/);
const account = z.looseObject({ id: id(1024), name: short(1024), aadObjectId: short(128), role: short(64) });
const record = z.record(z.string(), z.unknown());

// Every field botbuilder or our handler reads is checked for its type: a number where a string
// belongs would otherwise throw inside the turn and answer 500 (as the generated hostile suite found).
const activityShape = z.looseObject({
  type: z.string().min(1).max(64),
  id: id(512).optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url(),
  from: account,
  recipient: account,
  conversation: account.extend({ tenantId: short(128), conversationType: short(64), isGroup: z.boolean().optional().nullable() }),
  channelData: record.optional().nullable(),
  text,
  textFormat: short(64),
  locale: short(64),
  name: short(256),
  replyToId: short(512),
  action: short(64),
  timestamp: short(64),
  localTimestamp: short(64),
  entities: z.array(record).optional().nullable(),
  attachments: z.array(record).optional().nullable(),
  membersAdded: z.array(account).optional().nullable(),
  membersRemoved: z.array(account).optional().nullable(),
});

/** Why a parsed body is not an activity (the fields to check, never their values), or null when it is one. */
export function activityShapeProblem(body: unknown): string | null {
  const parsed = activityShape.safeParse(body);
  if (parsed.success) return null;
  // Name the fields, never echo their values (they may hold report text).
  const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(body)'))].join(', ');
  return `Not a Bot Framework activity: check ${fields}.`;
}
