/** The shapes shared by every card-action handler, on every platform. */
import type { z } from 'zod';
import type { CoreDeps } from '../core/deps';
import type { Person } from '../core/model';
import type { Reporter } from '../core/incidents/report-flow';
import type { AdaptiveCard } from '../cards';

export interface ActionContext {
  deps: CoreDeps;
  person: Person;
  reporter: Reporter;
  /** The platform's id of the clicker (Teams: the user-specific details view). */
  platformUserId: string;
  /** The platform's id for this click: a retry of the same click changes nothing twice. */
  eventId: string;
}

/** What a handler answers: a card that replaces the clicked one, or a short message. */
export type ActionAnswer = { card: AdaptiveCard } | { message: string };

export interface Entry<S extends z.ZodTypeAny> {
  schema: S;
  handle(ctx: ActionContext, data: z.infer<S>): Promise<ActionAnswer>;
}


/** Erases an entry's schema type so entries of different shapes share one registry. */
export const entry = <S extends z.ZodTypeAny>(e: Entry<S>): Entry<z.ZodTypeAny> => e as Entry<z.ZodTypeAny>;
