/**
 * The vocabulary of outbox messages, declared once: each kind's stored id and the schema of its
 * payload. Payloads hold references only (the renderer, src/views/outbox.ts, reads the records at
 * send time so a card is always current), and schemas are loose so a row queued by an older
 * version still renders. A test checks every kind here has a renderer and is delivered by both
 * platform senders, and that no renderer exists without a kind.
 */
import { z } from 'zod';

const id = z.string().min(1).max(200);
const epochMs = z.number().finite();
const nothing = z.looseObject({});
const requestRef = z.looseObject({ requestId: id });
const draft = z.looseObject({ draftId: id, code: z.string(), platform: z.string(), reporterEmail: z.string(), startedAt: epochMs, lastTouchedAt: epochMs });

export const OUTBOX_KINDS = {
  /** The minimal card in the DSL team channel. */
  channelCard: { id: 'incident.channel_card', payload: nothing },
  /** A staff-conduct concern, privately to the headteacher / chair / named alternate (or a DSL when the channel cannot be posted). */
  directCard: { id: 'incident.direct_card', payload: z.looseObject({ reason: z.string().optional() }) },
  /** An urgent page to a member of the DSL team (or the routed recipient of an urgent staff concern). */
  page: { id: 'incident.page', payload: z.looseObject({ level: z.number().int().optional() }) },
  /** Update every posted card of an incident in place. */
  refresh: { id: 'incident.refresh', payload: z.looseObject({ version: z.number().int().optional() }) },
  /** The reporter: their report is closed (broad outcome). */
  reporterClosed: { id: 'reporter.closed', payload: nothing },
  /** The reporter: the DSL team asks a question. */
  reporterAsk: { id: 'reporter.ask', payload: requestRef },
  /** The reporter: the bot could not reach the recipient; contact them directly. */
  reporterFallback: { id: 'reporter.fallback', payload: z.looseObject({ reason: z.string().optional(), route: z.string().optional() }) },
  /** The reporter: the first recipient has their report — told only once it is true, never at submission. */
  reporterDelivered: { id: 'reporter.delivered', payload: z.looseObject({ route: z.string().optional() }) },
  /**
   * A reply within a person's own turn that missed the platform's deadline, delivered to the same
   * conversation later: Teams keeps the activities themselves (op send/update/open), Slack a notice.
   */
  replyLate: {
    id: 'reply.late',
    payload: z.union([
      z.looseObject({ platform: z.literal('teams'), op: z.enum(['send', 'update']), activities: z.array(z.looseObject({})).min(1) }),
      z.looseObject({ platform: z.literal('teams'), op: z.literal('open'), open: z.looseObject({}) }),
      z.looseObject({ platform: z.literal('slack'), notice: z.literal('form_not_opened') }),
    ]),
  },
  /** Duties: a personal reminder of a duty (before, on and after its due date). */
  dutyReminder: { id: 'duty.reminder', payload: z.looseObject({ reminderId: id }) },
  /** Duties: the day's digest of long-overdue duties, to the headteacher (rows queued before digests name one reminder). */
  dutyEscalation: { id: 'duty.escalation', payload: z.union([z.looseObject({ day: z.string() }), z.looseObject({ reminderId: id })]) },
  /** Duties: the weekly digest to the DSL team and review owners. */
  dutyDigest: { id: 'duty.digest', payload: z.looseObject({ week: z.string().optional(), scope: z.string().optional() }) },
  /** Filtering: a request to unblock a site, to an approver. */
  filterRequest: { id: 'filter.request', payload: requestRef },
  /** Filtering: the decision, to the requester. */
  filterDecision: { id: 'filter.decision', payload: requestRef },
  /** Filtering: an approved change, to the ICT lead. */
  filterChange: { id: 'filter.change', payload: requestRef },
  /** Filtering: the period has ended, re-block (to the ICT lead). */
  filterReblock: { id: 'filter.reblock', payload: requestRef },
  /** Someone sent the bot a file (never kept): who, when, where — to the DSL and deputies. */
  dslFileReceived: {
    id: 'dsl.file_received',
    payload: z.looseObject({ platform: z.string(), place: z.string(), senderEmail: z.string().nullable(), senderName: z.string().nullable(), receivedAt: epochMs }),
  },
  /** An urgent draft ("immediate danger: yes") left unsent — to the people it would page. */
  dslUrgentDraft: { id: 'dsl.urgent_draft', payload: draft },
  /** Issue #11: a task given to someone by someone else, to its owner. */
  taskAssigned: { id: 'task.assigned', payload: z.looseObject({ taskId: id }) },
  /** Issue #11: a task now due, to its owner. */
  taskDue: { id: 'task.due', payload: z.looseObject({ taskId: id }) },
  /** Issue #11: a task still open past the school's escalation time, to those who decide on the concern. */
  taskOverdue: { id: 'task.overdue', payload: z.looseObject({ taskId: id }) },
  /** Issue #11: an open concern with no activity for the school's number of days, to its owner. */
  incidentStale: { id: 'incident.stale', payload: z.looseObject({ since: epochMs }) },
  /** The reporter of that draft, reminded once, with a way back to it. */
  reporterUrgentDraft: { id: 'reporter.urgent_draft', payload: draft },
  /** Issue #11: a pattern of concerns, to the DSL channel (or, when it cannot be posted, the DSL and deputies): references only, never a child's name. */
  patternAlert: { id: 'dsl.pattern_alert', payload: z.looseObject({ alertId: id }) },
} as const satisfies Record<string, { id: string; payload: z.ZodType }>;

type Kinds = typeof OUTBOX_KINDS;
type KindIds = { [K in keyof Kinds]: Kinds[K]['id'] };

/** The stored id of every kind, by name (what core flows enqueue). */
export const MESSAGE_KINDS = Object.fromEntries(Object.entries(OUTBOX_KINDS).map(([name, k]) => [name, k.id])) as KindIds;

export type MessageKind = KindIds[keyof KindIds];

type ByKind = { [K in keyof Kinds as Kinds[K]['id']]: Kinds[K]['payload'] };

/** A kind's payload, as its schema reads it. */
export type PayloadOf<K extends MessageKind> = z.infer<ByKind[K]>;

const SCHEMAS = new Map<string, z.ZodType>(Object.values(OUTBOX_KINDS).map((k) => [k.id, k.payload]));

/** Every declared kind's id. */
export function messageKinds(): MessageKind[] {
  return [...SCHEMAS.keys()] as MessageKind[];
}

/** True when `kind` is one this version of the bot declares. */
export function isMessageKind(kind: string): kind is MessageKind {
  return SCHEMAS.has(kind);
}

/** The payload read by its kind's schema, or null when the kind is unknown or the payload does not fit it. */
export function readPayload<K extends MessageKind>(kind: K, payload: unknown): PayloadOf<K> | null {
  const parsed = SCHEMAS.get(kind)?.safeParse(payload);
  return parsed?.success ? (parsed.data as PayloadOf<K>) : null;
}
