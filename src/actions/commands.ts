/**
 * The chat-command table, shared by Teams (typed in a chat) and Slack (/safeguard <command>, and
 * /report): one entry per command with its other spellings, what help says of it and the one core
 * call it makes. Help lists every command from here, so nothing can be offered that does not work.
 */
import * as report from '../core/incidents/report-flow';
import { wizardCard } from '../views/report';
import { DUTY_COMMANDS } from './duties';
import { PUPIL_COMMANDS } from './pupils';
import { CONCERN_COMMANDS } from './concerns';
import type { Command, CommandAnswer, CommandContext } from './types';
import { VERBS } from '../cards';

export type { Command, CommandAnswer, CommandContext } from './types';

const INTRO = 'I record online-safety and safeguarding concerns and send them to the right person.';
const DANGER = 'If a child is in immediate danger, call 999 and tell the DSL in person now.';

/** Help: what the bot does, then every command of the table, each as it is typed where the person asked. */
export function helpText(usage: CommandContext['usage']): string {
  return [INTRO, ...COMMANDS.map((c) => `- ${usage(c.name)}: ${c.description}`), DANGER].join('\n');
}

/** Every chat command, in the order help lists them. */
export const COMMANDS: readonly Command[] = [
  {
    name: 'report',
    aliases: [],
    description: 'Report an online-safety or safeguarding concern',
    form: VERBS.reportNext,
    inChannel: true,
    async handle(ctx) {
      const { view, resumed } = await report.startReport(ctx.deps, ctx.reporter);
      const cards = [wizardCard(view)];
      return resumed ? { text: `You have a report in progress — here is where you were. Type ${ctx.usage('cancel')} to discard it.`, cards } : { cards };
    },
  },
  {
    name: 'help',
    aliases: [],
    description: 'What this bot does and who sees your report',
    inChannel: true,
    handle: async (ctx) => ({ text: helpText(ctx.usage), cards: [] }),
  },
  ...DUTY_COMMANDS,
  ...PUPIL_COMMANDS,
  ...CONCERN_COMMANDS,
  {
    name: 'cancel',
    aliases: [],
    description: 'Discard the report you have started',
    async handle(ctx): Promise<CommandAnswer> {
      const cancelled = (await report.cancelReport(ctx.deps, ctx.reporter)).status === 'cancelled';
      return { text: cancelled ? 'Your draft report has been discarded. Nothing was sent.' : 'You have no report in progress.', cards: [] };
    },
  },
];

/** A typed message as a command's words: markup removed, lower case, a leading slash allowed, spaces collapsed. */
export function commandWords(typed: string): string {
  return typed.replace(/<[^>]*>/g, '').trim().toLowerCase().replace(/^\//, '').replace(/\s+/g, ' ');
}

/** What follows the command's first word in a typed message, as typed (markup removed, spaces collapsed). */
export function commandArgs(typed: string): string {
  const words = typed.replace(/<[^>]*>/g, '').trim().replace(/^\//, '').replace(/\s+/g, ' ');
  const space = words.indexOf(' ');
  return space < 0 ? '' : words.slice(space + 1);
}

/** The command a message names (its whole text an alias, or its first word a name), or null. */
export function findCommand(typed: string): Command | null {
  const words = commandWords(typed);
  const first = words.split(' ')[0] ?? '';
  return COMMANDS.find((c) => c.aliases.includes(words)) ?? COMMANDS.find((c) => c.name === words || c.name === first) ?? null;
}

/** The command of the table called `name`; a name that is not in the table is a programming error. */
export function commandNamed(name: string): Command {
  const found = COMMANDS.find((c) => c.name === name);
  if (!found) throw new Error(`no command ${name} in the command table`);
  return found;
}

/** The help command, which the platforms also answer with when a message is no command. */
export const HELP: Command = commandNamed('help');
