/**
 * The Teams turn router: a message goes to the message handler with the command it names (from
 * the shared command table), an invoke to the handler registered under its name, a conversation
 * or installation update to the update handler. As in Bolt's and the Teams SDK's routers, each
 * handler gets the turn, whose actor (the person who sent the activity) is resolved at most once.
 */
import { ActivityTypes, TurnContext } from 'botbuilder';
import { findCommand, type Command } from '../../actions/commands';
import type { Actor } from './identity';

/** One turn as a handler sees it. */
export interface Turn {
  context: TurnContext;
  /** The person who sent the activity, or null when Teams will not say: resolved on the first call, remembered after. */
  actor(): Promise<Actor | null>;
}

/** A message turn, with the command its text names (mentions of the bot removed), or null. */
export interface MessageTurn extends Turn {
  command: Command | null;
  /** The message's text, the bot's mention removed. */
  text: string;
}

type Handler<T extends Turn> = (turn: T) => Promise<void>;

export class TeamsRouter {
  private readonly invokes = new Map<string, Handler<Turn>>();
  private messageHandler: Handler<MessageTurn> | null = null;
  private updateHandler: Handler<Turn> | null = null;

  constructor(private readonly resolve: (context: TurnContext) => Promise<Actor | null>) {}

  /** Handles messages. */
  message(handler: Handler<MessageTurn>): this {
    this.messageHandler = handler;
    return this;
  }

  /** Handles the invoke called `name` (adaptiveCard/action, application/search…). */
  invoke(name: string, handler: Handler<Turn>): this {
    this.invokes.set(name, handler);
    return this;
  }

  /** Handles conversation and installation updates (members added, the app installed). */
  update(handler: Handler<Turn>): this {
    this.updateHandler = handler;
    return this;
  }

  /** Routes one turn to its handler; an activity no handler is registered for is left unanswered. */
  async route(context: TurnContext): Promise<void> {
    const a = context.activity;
    let actor: Promise<Actor | null> | null = null;
    const turn: Turn = { context, actor: () => (actor ??= this.resolve(context)) };
    if (a.type === ActivityTypes.Message && this.messageHandler) {
      const text = TurnContext.removeRecipientMention(a) ?? a.text ?? '';
      return this.messageHandler({ ...turn, command: findCommand(text), text });
    }
    const invoke = a.type === ActivityTypes.Invoke && typeof a.name === 'string' ? this.invokes.get(a.name) : undefined;
    if (invoke) return invoke(turn);
    if ((a.type === ActivityTypes.ConversationUpdate || a.type === ActivityTypes.InstallationUpdate) && this.updateHandler) return this.updateHandler(turn);
  }
}
