/**
 * A child's record on any platform (issue #11): the `chronology <name>` command and the paged
 * chronology card. The core authorises each open (the DSL team only) and leaves out every incident
 * the viewer may not see; these only render its answer.
 */
import { z } from 'zod';
import { findPupils, MAX_MATCHES, mayOpenChronology, openChronology } from '../core/pupils/chronology';
import { withNotice } from '../views/notice';
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

/** A pupil's chronology by MIS id (a page of it with `before`), or, from the finder, what was typed to find them. */
const pupilRef = z.looseObject({
  misId: z.string().min(1).max(255).optional(),
  before: z.coerce.number().int().min(1).max(1_000_000).optional(),
  pupil_query: z.string().max(200).optional(),
});

export const PUPIL_ACTIONS = {
  [VERBS.pupilChronology]: entry({
    schema: pupilRef,
    title: TITLES.pupil,
    async handle(ctx, { misId, before, pupil_query: query }) {
      if (misId) return { card: await chronologyFor(ctx, misId, before) };
      const found = await findAnswer(ctx, query ?? '');
      if ('text' in found) return { card: withNotice(matchesCard(query?.trim() ?? '', [], false), found.text, 'warning') };
      return { card: found.card };
    },
  }),
};

/** What a search for a pupil answers: their chronology when one matches, the list when several do, or a sentence. */
async function findAnswer(ctx: Pick<ActionContext, 'deps' | 'person'>, query: string, usage = (name: string) => name): Promise<{ card: AdaptiveCard } | { text: string }> {
  const found = await findPupils(ctx.deps, ctx.person, query);
  if (found.status === 'forbidden') throw forbidden(ONLY_DSL);
  if (found.status === 'no_query') return { text: `Type at least two letters of the pupil's name or their form, for example ${usage('chronology')} Sam Carter.` };
  const { pupils } = found;
  if (pupils.length === 0) return { text: `No pupil in the school's records matches “${query.trim()}”. Try the family name, or the form.` };
  if (pupils.length === 1) return { card: await chronologyFor(ctx, pupils[0]!.misId) };
  return { card: matchesCard(query.trim(), pupils, pupils.length >= MAX_MATCHES) };
}

/** The pupil-record chat commands, for the shared command table. */
export const PUPIL_COMMANDS: readonly Command[] = [
  {
    name: 'chronology',
    aliases: [],
    description: "For the safeguarding team: a child's chronology, e.g. chronology Sam Carter (or a form, e.g. 8RB)",
    form: VERBS.pupilChronology,
    async handle(ctx) {
      if (!mayOpenChronology(ctx.person)) return { text: ONLY_DSL, cards: [] };
      // Typed alone, it opens the finder (in Slack, a modal with a name box).
      if (!ctx.args.trim()) return { cards: [matchesCard('', [], false)] };
      const found = await findAnswer(ctx, ctx.args, ctx.usage);
      return 'text' in found ? { text: found.text, cards: [] } : { cards: [found.card] };
    },
  },
];
