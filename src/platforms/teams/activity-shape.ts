/**
 * The least an activity must carry before the adapter and our handler see it. botbuilder parses
 * the body outside its own error handling, and a malformed activity would otherwise reach the turn
 * as a 500 (with an internal message in the body). A bad shape is answered 400 BAD_ACTIVITY
 * (src/platforms/teams/http.ts).
 */
import { z } from 'zod';

const account = z.object({ id: z.string().min(1) }).passthrough();

const activityShape = z
  .object({
    type: z.string().min(1),
    id: z.string().optional(),
    channelId: z.string().min(1),
    serviceUrl: z.string().url(),
    from: account,
    recipient: account,
    conversation: account,
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
