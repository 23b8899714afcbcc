import assert from 'node:assert/strict';
import { renderEvery } from '../../cards/fixtures';
import { convertCard, SHOW_CARD_PREFIX, type Block } from '../../../src/platforms/slack/blockkit';
import { ACTIONS } from '../../../src/actions/registry';

type Obj = Record<string, unknown>;

/** Every button action_id and modal submit verb Slack can send back, from every card on both surfaces. */
function slackActions(): Map<string, string> {
  const found = new Map<string, string>();
  const walkCard = (card: Obj, name: string) => {
    for (const surface of ['modal', 'message'] as const) {
      const converted = convertCard(card, surface);
      if (converted.submit) found.set(converted.submit.verb, name);
      const walk = (n: unknown) => {
        if (!n || typeof n !== 'object') return;
        const o = n as Obj;
        if (o.type === 'button' && typeof o.action_id === 'string') found.set(o.action_id, name);
        Object.values(o).forEach(walk);
      };
      converted.blocks.forEach((b: Block) => walk(b));
    }
    // Forms behind Action.ShowCard are drawn as their own modal when the button is pressed.
    const inner = (n: unknown) => {
      if (!n || typeof n !== 'object') return;
      const o = n as Obj;
      if (o.type === 'Action.ShowCard' && o.card) walkCard(o.card as Obj, `${name} (form)`);
      Object.values(o).forEach(inner);
    };
    inner(card);
  };
  for (const [name, variants] of Object.entries(renderEvery())) for (const card of Object.values(variants)) walkCard(card as Obj, name);
  return found;
}

describe('slack: action ids', () => {
  it('maps every button and modal submit of every card to exactly one registered handler', () => {
    for (const [id, card] of slackActions()) {
      const verb = id.startsWith(SHOW_CARD_PREFIX) ? id.slice(SHOW_CARD_PREFIX.length) : id;
      assert.ok(Object.hasOwn(ACTIONS, verb), `${id} (from ${card}) has no handler`);
    }
  });

  it('has a Slack button or submit for every registered handler', () => {
    const ids = new Set([...slackActions().keys()].map((id) => (id.startsWith(SHOW_CARD_PREFIX) ? id.slice(SHOW_CARD_PREFIX.length) : id)));
    for (const verb of Object.keys(ACTIONS)) assert.ok(ids.has(verb), `handler ${verb} cannot be reached from Slack`);
  });
});
