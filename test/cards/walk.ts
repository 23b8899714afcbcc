/** Tree helpers for card tests: find elements, actions, inputs and visible text in an expanded card. */

export type Node = Record<string, unknown>;

/** Calls `visit` for every object in the tree, with its JSON path. */
export function walk(node: unknown, visit: (obj: Node, path: string) => void, path = '$'): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, visit, `${path}[${i}]`));
  } else if (node !== null && typeof node === 'object') {
    visit(node as Node, path);
    for (const [key, value] of Object.entries(node)) walk(value, visit, `${path}.${key}`);
  }
}

/** Every object whose `type` satisfies `match`. */
export function findAll(node: unknown, match: (type: string) => boolean): Node[] {
  const found: Node[] = [];
  walk(node, (obj) => {
    if (typeof obj.type === 'string' && match(obj.type)) found.push(obj);
  });
  return found;
}

export const actionsOf = (card: unknown): Node[] => findAll(card, (t) => t.startsWith('Action.'));
export const executesOf = (card: unknown): Node[] => findAll(card, (t) => t === 'Action.Execute');
export const inputsOf = (card: unknown): Node[] => findAll(card, (t) => t.startsWith('Input.'));

/** The single input with this id (fails the test if there is not exactly one). */
export function inputById(card: unknown, id: string): Node {
  const found = inputsOf(card).filter((i) => i.id === id);
  if (found.length !== 1) throw new Error(`expected one input "${id}", found ${found.length}`);
  return found[0];
}

/** The Action.Execute (or ShowCard) with this title. */
export function actionByTitle(card: unknown, title: string): Node | undefined {
  return actionsOf(card).find((a) => a.title === title);
}

/** Text of every TextRun, in order. */
export function textRuns(card: unknown): string[] {
  return findAll(card, (t) => t === 'TextRun').map((r) => String(r.text));
}

/** Text a person sees: each RichTextBlock's runs joined, plus every TextBlock. */
export function visibleLines(card: unknown): string[] {
  const lines: string[] = [];
  walk(card, (obj) => {
    if (obj.type === 'RichTextBlock') lines.push((obj.inlines as Node[]).map((r) => String(r.text)).join(''));
    if (obj.type === 'TextBlock') lines.push(String(obj.text));
  });
  return lines;
}

/** The ShowCard whose title is given, and its inner card. */
export function showCard(card: unknown, title: string): { body: Node[]; actions: Node[] } {
  const action = actionsOf(card).find((a) => a.type === 'Action.ShowCard' && a.title === title);
  if (!action) throw new Error(`no ShowCard "${title}"`);
  return action.card as { body: Node[]; actions: Node[] };
}
