import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { cardsDir, TEMPLATE_NAMES } from '../../src/cards';
import type { AdaptiveCard } from '../../src/cards';
import { renderEvery } from './fixtures';
import { submittedInputIds, validationMessages } from './validate';
import { actionsOf, executesOf, walk } from './walk';

// `before` is a page position in the chronology: the server reloads and re-authorises the incident for it.
const REFERENCE_KEYS = new Set(['draftId', 'stepId', 'incidentId', 'version', 'requestId', 'reminderId', 'before', 'misId', 'taskId', 'filter', 'kind', 'page']);
// `filter`, `kind` and `page` (the open-concerns list, issue #11) are filters and a page position: the server re-reads and re-authorises every concern for them.

describe('cards: every template', () => {
  const rendered = renderEvery();
  const variants: [string, AdaptiveCard][] = Object.entries(rendered).flatMap(([name, v]) => [
    [`${name} (full)`, v.full] as [string, AdaptiveCard],
    [`${name} (minimal)`, v.minimal] as [string, AdaptiveCard],
  ]);

  it('has one render function and fixture for each file in cards/, and no more', () => {
    const files = fs.readdirSync(cardsDir()).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    assert.deepEqual([...files].sort(), [...TEMPLATE_NAMES].sort());
    assert.deepEqual(Object.keys(rendered).sort(), [...TEMPLATE_NAMES].sort());
  });

  for (const [label, card] of variants) {
    describe(label, () => {
      it('renders without a templating warning and with no ${ left over', () => {
        // expand() throws on either; this also guards the serialised form.
        assert.equal(JSON.stringify(card).includes('${'), false);
        assert.equal(JSON.stringify(card).includes('$when'), false);
      });

      it('is an Adaptive Card version 1.5 with a $schema', () => {
        assert.equal(card.type, 'AdaptiveCard');
        assert.equal(card.version, '1.5');
        assert.match(card.$schema, /adaptive-card\.json$/);
      });

      it('uses only Action.Execute and Action.ShowCard, and every ShowCard submits with Action.Execute', () => {
        for (const action of actionsOf(card)) {
          assert.ok(['Action.Execute', 'Action.ShowCard'].includes(String(action.type)), `unexpected ${String(action.type)}`);
          if (action.type === 'Action.ShowCard') {
            const inner = action.card as { actions?: { type: string }[] };
            assert.ok(inner.actions && inner.actions.length > 0, `ShowCard "${String(action.title)}" has no submit`);
            for (const a of inner.actions) assert.equal(a.type, 'Action.Execute');
          }
        }
      });

      it('gives every Action.Execute a verb and data holding only references', () => {
        for (const action of executesOf(card)) {
          assert.equal(typeof action.verb, 'string');
          const data = action.data as Record<string, unknown>;
          assert.ok(data && typeof data === 'object', `${String(action.verb)} has no data`);
          for (const [key, value] of Object.entries(data)) {
            assert.ok(REFERENCE_KEYS.has(key), `${String(action.verb)} carries "${key}"`);
            assert.ok(typeof value === 'string' || typeof value === 'number', `${key} is not a plain reference`);
          }
        }
      });

      it('passes the adaptivecards validator (ids are checked per form, see submittedInputIds)', () => {
        const messages = validationMessages(card).filter((m) => !m.startsWith('Duplicate Id'));
        assert.deepEqual(messages, []);
      });

      it('never sends two inputs with the same id with one action', () => {
        for (const { verb, ids } of submittedInputIds(card)) {
          assert.equal(new Set(ids).size, ids.length, `${verb} would submit duplicate ids: ${ids.join(', ')}`);
        }
      });

      it('lets every expanded choice wrap, so a long choice (a kind with its 4C tag) is never cut to one line', () => {
        walk(card, (obj) => {
          if (obj.type === 'Input.ChoiceSet' && obj.style === 'expanded') assert.equal(obj.wrap, true, `choice set ${String(obj.id)} does not wrap`);
        });
      });

      it('puts no data into Markdown-parsed text (TextBlock, FactSet)', () => {
        walk(card, (obj) => {
          assert.notEqual(obj.type, 'FactSet');
        });
      });
    });
  }
});
