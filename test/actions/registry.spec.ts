import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ACTIONS, formOf, titleOf } from '../../src/actions/registry';
import { ALL_VERBS, VERBS } from '../../src/cards';
import { convertCard, SHOW_CARD_PREFIX } from '../../src/platforms/slack/blockkit';
import { renderEvery } from '../cards/fixtures';

/** Every `verb` written in the card templates. */
function verbsInCards(): Map<string, string[]> {
  const dir = path.join(__dirname, '../../cards');
  const found = new Map<string, string[]>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const walk = (n: unknown) => {
      if (!n || typeof n !== 'object') return;
      const o = n as Record<string, unknown>;
      if (typeof o.verb === 'string') found.set(o.verb, [...(found.get(o.verb) ?? []), file]);
      Object.values(o).forEach(walk);
    };
    walk(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
  }
  return found;
}

/** Every template rendered both ways (every option on, and the minimum), with its name. */
const rendered = () => Object.entries(renderEvery()).flatMap(([name, { full, minimal }]) => [{ name, card: full }, { name, card: minimal }]);

/** Every button action_id Slack is shown: each card rendered and converted to Block Kit, plus those Slack code writes itself (the Home tab). */
function slackActionIds(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (n: unknown, where: string) => {
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'button' && typeof o.action_id === 'string') found.set(o.action_id, where);
    Object.values(o).forEach((v) => walk(v, where));
  };
  for (const { name, card } of rendered()) for (const surface of ['modal', 'message'] as const) walk(convertCard(card, surface).blocks, `${name}.json`);
  const slackDir = path.join(__dirname, '../../src/platforms/slack');
  for (const file of fs.readdirSync(slackDir).filter((f) => f.endsWith('.ts'))) {
    for (const m of fs.readFileSync(path.join(slackDir, file), 'utf8').matchAll(/action_id: VERBS\.(\w+)/g)) found.set(VERBS[m[1] as keyof typeof VERBS], file);
  }
  return found;
}

describe('actions: the registry', () => {
  it('has exactly one registered handler for every button in every card', () => {
    const registered = new Set(Object.keys(ACTIONS));
    for (const [verb, files] of verbsInCards()) assert.ok(registered.has(verb), `${verb} (in ${files.join(', ')}) has no handler`);
  });

  it('has a card that uses every registered handler, so no handler is dead', () => {
    const used = verbsInCards();
    for (const verb of Object.keys(ACTIONS)) assert.ok(used.has(verb), `handler ${verb} is used by no card`);
  });

  it('registers every verb of the verb list, and nothing else', () => {
    assert.deepEqual(Object.keys(ACTIONS).sort(), [...ALL_VERBS].sort());
  });

  it('has a registered handler for every button Slack shows, and a form source for every button that opens a form', () => {
    const ids = slackActionIds();
    assert.ok(ids.size > 0);
    for (const [id, where] of ids) {
      if (id.startsWith(SHOW_CARD_PREFIX)) assert.ok(formOf(id.slice(SHOW_CARD_PREFIX.length)), `${id} (in ${where}) opens a form the registry cannot find`);
      else assert.ok(id in ACTIONS, `${id} (in ${where}) has no handler`);
    }
  });

  it('gives every form source a Slack button that opens it, so none is dead', () => {
    const ids = slackActionIds();
    for (const verb of ALL_VERBS.filter((v) => formOf(v))) assert.ok(ids.has(`${SHOW_CARD_PREFIX}${verb}`), `${verb} has a form source but no card opens its form`);
  });

  it('reaches every registered handler from Slack: a button, a form behind one, or a modal\'s submit', () => {
    const ids = slackActionIds();
    const inForms = verbsSubmittedFromForms();
    const submits = new Set(rendered().map(({ card }) => convertCard(card, 'modal').submit?.verb));
    for (const verb of ALL_VERBS) assert.ok(ids.has(verb) || inForms.has(verb) || submits.has(verb), `${verb} cannot be reached on Slack`);
  });

  it('names the window each family of verbs opens in, and a general title for a verb that is not ours', () => {
    assert.equal(titleOf(VERBS.reportNext), 'Report a concern');
    assert.equal(titleOf(VERBS.infoAnswer), 'Your report');
    assert.equal(titleOf(VERBS.dutySign), 'Your duties');
    assert.equal(titleOf(VERBS.filterApprove), 'Filtering request');
    assert.equal(titleOf(VERBS.incidentClose), 'Safeguarding concern');
    assert.equal(titleOf('made.up'), 'Safeguarding concern');
    for (const verb of ALL_VERBS) assert.ok(ACTIONS[verb].title.length > 0 && ACTIONS[verb].title.length <= 24, `${verb}: a Slack modal title has at most 24 characters`);
  });
});

/** Verbs of Action.Execute buttons inside Action.ShowCard forms: Slack submits them from the form's modal. */
function verbsSubmittedFromForms(): Set<string> {
  const found = new Set<string>();
  const walk = (n: unknown, inForm: boolean) => {
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (inForm && o.type === 'Action.Execute' && typeof o.verb === 'string') found.add(o.verb);
    Object.values(o).forEach((v) => walk(v, inForm || o.type === 'Action.ShowCard'));
  };
  for (const { card } of rendered()) walk(card, false);
  return found;
}
