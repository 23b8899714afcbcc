/**
 * Slack's documented Block Kit limits, checked the way Slack checks them, so the fake Web API
 * refuses what the real one would (invalid_blocks, msg_too_long, msg_blocks_too_long,
 * invalid_arguments) and every e2e test also proves that nothing sent was oversize.
 * Written from Slack's reference (blocks, block elements, composition objects, views,
 * chat.postMessage), independently of src/platforms/slack/blockkit.ts, so a wrong LIMITS there fails.
 */
type Obj = Record<string, unknown>;

const MAX = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  contextText: 3000,
  contextElements: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  label: 2000,
  placeholder: 150,
  actionsElements: 25,
  viewTitle: 24,
  privateMetadata: 3000,
  messageText: 40000,
  // Not documented: Slack answers msg_blocks_too_long at about 13,000 characters of block text (slackapi/bolt-js#2509).
  messageBlocksText: 13000,
} as const;

/** Every problem with `blocks` on a surface, as readable lines (empty when Slack would accept them). */
export function blockProblems(blocks: unknown, maxBlocks: number): string[] {
  const out: string[] = [];
  if (!Array.isArray(blocks)) return ['blocks is not a list'];
  if (blocks.length > maxBlocks) out.push(`${blocks.length} blocks > ${maxBlocks}`);
  const text = (t: unknown, limit: number, where: string) => {
    const o = t as Obj | undefined;
    if (!o || (o.type !== 'plain_text' && o.type !== 'mrkdwn') || typeof o.text !== 'string') out.push(`${where}: not a text object`);
    else if (o.text.length === 0 || o.text.length > limit) out.push(`${where}: ${o.text.length} chars > ${limit}`);
  };
  (blocks as Obj[]).forEach((b, i) => {
    const at = `block ${i} (${String(b.type)})`;
    if (b.type === 'header') text(b.text, MAX.headerText, at);
    if (b.type === 'section') text(b.text, MAX.sectionText, at);
    if (b.type === 'context') {
      const els = (b.elements as Obj[]) ?? [];
      if (!els.length || els.length > MAX.contextElements) out.push(`${at}: ${els.length} elements`);
      els.forEach((e) => text(e, MAX.contextText, at));
    }
    if (b.type === 'actions') {
      const els = (b.elements as Obj[]) ?? [];
      if (!els.length || els.length > MAX.actionsElements) out.push(`${at}: ${els.length} elements`);
      for (const e of els) {
        text(e.text, MAX.buttonText, `${at} button`);
        if (typeof e.value === 'string' && e.value.length > MAX.buttonValue) out.push(`${at}: button value ${e.value.length} chars`);
      }
    }
    if (b.type === 'input') {
      text(b.label, MAX.label, `${at} label`);
      const el = (b.element as Obj) ?? {};
      if (el.placeholder) text(el.placeholder, MAX.placeholder, `${at} placeholder`);
      const options = [...((el.options as Obj[]) ?? []), ...(el.initial_option ? [el.initial_option as Obj] : [])];
      for (const o of options) {
        text(o.text, MAX.optionText, `${at} option`);
        if (String(o.value).length > MAX.optionValue) out.push(`${at}: option value too long`);
      }
      if (typeof el.initial_value === 'string' && typeof el.max_length === 'number' && el.initial_value.length > el.max_length) out.push(`${at}: initial_value over max_length`);
    }
  });
  return out;
}

/** The characters of all text objects in `node`. */
export function textChars(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + textChars(x), 0);
  if (!node || typeof node !== 'object') return 0;
  const o = node as Obj;
  const own = (o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string' ? o.text.length : 0;
  return own + Object.values(o).reduce((n: number, v) => n + (v && typeof v === 'object' ? textChars(v) : 0), 0);
}

/** Problems with a modal or Home view (title, buttons, metadata, blocks). */
export function viewProblems(view: unknown): string[] {
  const v = (view ?? {}) as Obj;
  const out = blockProblems(v.blocks, MAX.viewBlocks);
  for (const key of ['title', 'submit', 'close'] as const) {
    const t = v[key] as Obj | undefined;
    if (t && (typeof t.text !== 'string' || t.text.length === 0 || t.text.length > MAX.viewTitle)) out.push(`view ${key}: ${String((t.text as string | undefined)?.length)} chars > ${MAX.viewTitle}`);
  }
  if (typeof v.private_metadata === 'string' && v.private_metadata.length > MAX.privateMetadata) out.push('private_metadata too long');
  return out;
}

/** The error Slack would answer `method` with for these arguments, or null when it would accept them. */
export function slackRefusal(method: string, args: Obj): { error: string; problems: string[] } | null {
  if (method === 'chat.postMessage' || method === 'chat.update' || method === 'chat.postEphemeral') {
    if (typeof args.text === 'string' && args.text.length > MAX.messageText) return { error: 'msg_too_long', problems: [`text ${args.text.length} chars`] };
    if (args.blocks === undefined) return null;
    const problems = blockProblems(args.blocks, MAX.messageBlocks);
    if (problems.length) return { error: 'invalid_blocks', problems };
    const chars = textChars(args.blocks);
    if (chars > MAX.messageBlocksText) return { error: 'msg_blocks_too_long', problems: [`${chars} chars of block text`] };
    return null;
  }
  if (method.startsWith('views.') && args.view !== undefined) {
    const problems = viewProblems(args.view);
    return problems.length ? { error: 'invalid_arguments', problems } : null;
  }
  return null;
}

export { MAX as SLACK_MAX };
