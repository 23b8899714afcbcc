import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ACTIONS } from '../../src/actions/registry';
import { ALL_VERBS } from '../../src/cards';

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
});
