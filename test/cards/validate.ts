/**
 * Validation of expanded cards with the `adaptivecards` package. Its lib/ build is extension-less
 * ESM that Node cannot load, but the UMD bundle in dist/ parses and validates without a DOM.
 */
import { createRequire } from 'node:module';
import type { Node } from './walk';

interface AcEvent {
  phase: number;
  event: number;
  message: string;
}
interface AcModule {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void; validateProperties(): { validationEvents: AcEvent[] } };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): AcEvent };
}

const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as AcModule;

/** Parse and validation messages from the reference renderer's object model. */
export function validationMessages(card: unknown): string[] {
  const ac = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  ac.parse(card, context);
  const messages: string[] = [];
  for (let i = 0; i < context.eventCount; i++) messages.push(context.getEventAt(i).message);
  for (const e of ac.validateProperties().validationEvents) messages.push(e.message);
  return messages;
}

/**
 * Ids of the inputs each Action.Execute would submit, following the renderer: the inputs of its own
 * card and of every enclosing card, but not of sibling Action.ShowCard forms (which may reuse ids,
 * e.g. every form has a `rationale`; the validator's global "Duplicate Id" check ignores that scope).
 */
export function submittedInputIds(card: Node): { verb: string; ids: string[] }[] {
  const result: { verb: string; ids: string[] }[] = [];
  const visit = (current: Node, enclosing: string[]): void => {
    const own: string[] = [];
    const executes: Node[] = [];
    const shown: Node[] = [];
    walkOwn(current, (obj) => {
      if (typeof obj.type === 'string' && obj.type.startsWith('Input.')) own.push(String(obj.id));
      if (obj.type === 'Action.Execute') executes.push(obj);
      if (obj.type === 'Action.ShowCard') shown.push(obj.card as Node);
    });
    const visible = [...enclosing, ...own];
    for (const action of executes) {
      result.push({ verb: String(action.verb), ids: action.associatedInputs === 'none' ? [] : visible });
    }
    for (const inner of shown) visit(inner, visible);
  };
  visit(card, []);
  return result;
}

function walkOwn(node: unknown, fn: (obj: Node) => void, isRoot = true): void {
  if (Array.isArray(node)) {
    node.forEach((item) => walkOwn(item, fn, false));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Node;
  if (!isRoot && obj.type === 'AdaptiveCard') return; // a ShowCard's card: visited separately
  fn(obj);
  for (const [key, value] of Object.entries(obj)) if (key !== 'refresh') walkOwn(value, fn, false);
}
