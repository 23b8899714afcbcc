/**
 * Fitting a converted card within Slack's view limits (Slack refuses the whole view otherwise): first with long texts split
 * over a few sections, then with every text cut shorter (with the marker), and only as a last
 * resort by leaving out reading text — never a button or an input — with a note that says so.
 */
import type { ContextBlock, KnownBlock } from '@slack/types';
import { TRUNCATION_MARKER } from '../../cards';

type Obj = Record<string, unknown>;
type Block = KnownBlock;

/** The limits one surface puts on its blocks. */
export interface BlockBudget {
  maxBlocks: number;
  /** The total characters of text over all blocks, where Slack has such a limit (messages). */
  maxText?: number;
}

/** The characters each text keeps, tried in turn until the view fits (Slack counts characters, not bytes). */
const TEXT_CAPS = [3000, 1500, 700, 300, 120] as const;

/** The note put where reading text had to be left out. */
export const LEFT_OUT_NOTE = `Some of this is not shown in Slack ${TRUNCATION_MARKER}`;

/** The total characters of every text in `blocks` (what msg_blocks_too_long counts). */
export function blockText(blocks: unknown): number {
  let n = 0;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Obj;
      if ((o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string') n += o.text.length;
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return n;
}

const fits = (blocks: Block[], b: BlockBudget) => blocks.length <= b.maxBlocks && (b.maxText === undefined || blockText(blocks) <= b.maxText);

/** `blocks` if they fit; else the card re-converted (`convert`) with shorter texts; else with reading text left out. */
export function fitBlocks(blocks: Block[], budget: BlockBudget, convert: (textCap: number) => Block[]): Block[] {
  if (fits(blocks, budget)) return blocks;
  let smallest = blocks;
  for (const cap of TEXT_CAPS) {
    smallest = convert(cap);
    if (fits(smallest, budget)) return smallest;
  }
  return leaveOutText(smallest, budget);
}

const INTERACTIVE = new Set(['actions', 'input']);

/** Keeps every button and input, and as much reading text from the top as fits, with a note at the first gap. */
function leaveOutText(blocks: Block[], budget: BlockBudget): Block[] {
  const note: ContextBlock = { type: 'context', elements: [{ type: 'plain_text', text: LEFT_OUT_NOTE, emoji: false }] };
  const needed = blocks.filter((b) => INTERACTIVE.has(b.type));
  let room = budget.maxBlocks - needed.length - 1;
  let text = (budget.maxText ?? Infinity) - blockText(needed) - LEFT_OUT_NOTE.length;
  const out: Block[] = [];
  let noted = false;
  for (const b of blocks) {
    if (INTERACTIVE.has(b.type)) {
      out.push(b);
      continue;
    }
    const size = blockText(b);
    if (!noted && room > 0 && size <= text) {
      out.push(b);
      room -= 1;
      text -= size;
    } else if (!noted) {
      out.push(note);
      noted = true;
    }
  }
  return out;
}
