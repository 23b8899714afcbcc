/** Puts a short notice at the top of any card (e.g. "this card is out of date"), without a second template. */
import { escapeText } from '../cards/escape';
import type { AdaptiveCard } from '../cards';

/** Returns a copy of `card` with a notice container first in its body. */
export function withNotice(card: AdaptiveCard, text: string, style: 'attention' | 'warning' | 'good' | 'default' = 'warning'): AdaptiveCard {
  const body = Array.isArray(card.body) ? card.body : [];
  // A RichTextBlock run is never parsed as Markdown (see src/cards/escape.ts).
  const notice = { type: 'Container', style, items: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: escapeText(text), weight: 'Bolder' }] }] };
  return { ...card, body: [notice, ...body] };
}
