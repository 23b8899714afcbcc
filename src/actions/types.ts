/** The shapes shared by every card-action handler, on every platform. */
import type { z } from 'zod';
import type { CoreDeps } from '../core/deps';
import type { Person } from '../core/model';
import type { Reporter } from '../core/incidents/report-flow';
import type { AdaptiveCard } from '../cards';

/** The person who sent an activity or a request (not the component that delivers messages: a sender). */
export interface Actor {
  person: Person;
  reporter: Reporter;
}

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

/** Who asks for a form: enough to re-render it from the database for them. */
export type FormContext = Pick<ActionContext, 'deps' | 'person' | 'platformUserId'>;

/**
 * The card holding a verb's Action.ShowCard form, as it stands for this person, or why there is none.
 * `seenRefs`: submit the references the person clicked (their version), so a stale form stays stale.
 */
export type FormSource = { card: AdaptiveCard; seenRefs: boolean } | { message: string };

export interface Entry<S extends z.ZodTypeAny> {
  schema: S;
  handle(ctx: ActionContext, data: z.infer<S>): Promise<ActionAnswer>;
  /** The title of the window the verb's cards open in (a Slack modal). */
  title: string;
  /** For a verb submitted from an Action.ShowCard form: the card holding that form (Slack opens the form in a modal). */
  formCard?(ctx: FormContext, data: Record<string, unknown>): Promise<FormSource>;
}

/** Erases an entry's schema type so entries of different shapes share one registry. */
export const entry = <S extends z.ZodTypeAny>(e: Entry<S>): Entry<z.ZodTypeAny> => e as Entry<z.ZodTypeAny>;

/** The titles of the windows cards open in, one per family of verbs. */
export const TITLES = {
  report: 'Report a concern',
  info: 'Your report',
  duty: 'Your duties',
  filter: 'Filtering request',
  incident: 'Safeguarding concern',
  pupil: "A child's chronology",
  concerns: 'Open concerns',
} as const;

/** Who typed a chat command, and how commands are typed where they did. */
export interface CommandContext {
  deps: CoreDeps;
  person: Person;
  reporter: Reporter;
  /** How a command is typed on this platform (Teams: **status**; Slack: /safeguard status), for wording that names one. */
  usage(name: string): string;
  /** What was typed after the command's name (e.g. the pupil's name after "chronology"), markup removed; may be empty. */
  args: string;
}

/** What a command answers: an optional line of text, then cards, in that order. */
export interface CommandAnswer {
  text?: string;
  cards: AdaptiveCard[];
}

/** One chat command: its name and other spellings, what help says of it, and what it does. */
export interface Command {
  name: string;
  /** Other whole messages that mean the same (the name is also matched as the first word). */
  aliases: readonly string[];
  description: string;
  /** The form it opens: Slack shows it in a modal opened at once, as its trigger lives 3 s. */
  form?: string;
  /** It may be typed in a channel or group chat too, where Teams answers it in the person's 1:1 chat. */
  inChannel?: boolean;
  handle(ctx: CommandContext): Promise<CommandAnswer>;
}
