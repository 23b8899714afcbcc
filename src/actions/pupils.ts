/**
 * A child's record on any platform (issue #11): the `chronology <name>` command and the paged
 * chronology card. The core authorises each open (the DSL team only) and leaves out every incident
 * the viewer may not see; these only render its answer.
 */
import { z } from 'zod';
import { findPupils, MAX_MATCHES, openChronology } from '../core/pupils/chronology';
import { VERBS, type AdaptiveCard } from '../cards';
import { chronologyCard, matchesCard } from '../views/pupils';
import { forbidden, notFound } from '../errors';
import { entry, TITLES, type ActionContext, type Command } from './types';

/** Who may not open a chronology is told so, and nothing of any pupil. */
const ONLY_DSL = "Only the school's safeguarding team can open a child's chronology.";

/** The chronology of one pupil for this person, authorised at each open and page. */
async function chronologyFor(ctx: Pick<ActionContext, 'deps' | 'person'>, misId: string, before?: number): Promise<AdaptiveCard> {
  const outcome = await openChronology(ctx.deps, ctx.person, misId);
  if (outcome.status === 'forbidden') throw forbidden(ONLY_DSL);
  if (outcome.status === 'not_found') throw notFound('That pupil is not in the school’s records.');
  return chronologyCard(ctx.deps.school, outcome.chronology, before);
}

const pupilRef = z.looseObject({ misId: z.string().min(1).max(255), before: z.coerce.number().int().min(1).max(1_000_000).optional() });

export const PUPIL_ACTIONS = {
  [VERBS.pupilChronology]: entry({
    schema: pupilRef,
    title: TITLES.pupil,
    handle: async (ctx, { misId, before }) => ({ card: await chronologyFor(ctx, misId, before) }),
  }),
};

/** The pupil-record chat commands, for the shared command table. */
export const PUPIL_COMMANDS: readonly Command[] = [
  {
    name: 'chronology',
    aliases: [],
    description: "For the safeguarding team: a child's chronology, e.g. chronology Sam Carter (or a form, e.g. 8RB)",
    form: VERBS.pupilChronology,
    async handle(ctx) {
      const found = await findPupils(ctx.deps, ctx.person, ctx.args);
      if (found.status === 'forbidden') return { text: ONLY_DSL, cards: [] };
      if (found.status === 'no_query') return { text: `Type ${ctx.usage('chronology')} and the pupil's name or form, for example ${ctx.usage('chronology')} Sam Carter.`, cards: [] };
      const { pupils } = found;
      if (pupils.length === 0) return { text: `No pupil in the school's records matches “${ctx.args.trim()}”. Try the family name, or the form.`, cards: [] };
      if (pupils.length === 1) return { cards: [await chronologyFor(ctx, pupils[0]!.misId)] };
      return { cards: [matchesCard(ctx.args.trim(), pupils, pupils.length >= MAX_MATCHES)] };
    },
  },
];
