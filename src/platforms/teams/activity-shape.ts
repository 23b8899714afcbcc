/**
 * The least an activity must carry before the adapter and our handler see it. botbuilder parses
 * the body outside its own error handling, and a malformed activity would otherwise reach the turn
 * as a 500 (with an internal message in the body). A bad shape is answered 400 with a coded error.
 */
import type { NextFunction, Request, Response } from 'express';
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

/** Express middleware: 400 with { error: { code: 'BAD_ACTIVITY', message } } unless the body looks like an activity. */
export function requireActivityShape(req: Request, res: Response, next: NextFunction): void {
  const parsed = activityShape.safeParse(req.body);
  if (parsed.success) return next();
  // Name the fields, never echo their values (they may hold report text).
  const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(body)'))].join(', ');
  res.status(400).json({ error: { code: 'BAD_ACTIVITY', message: `Not a Bot Framework activity: check ${fields}.` } });
}
