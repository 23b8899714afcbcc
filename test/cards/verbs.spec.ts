import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_VERBS, cardsDir, isVerb, VERBS } from '../../src/cards';
import { walk } from './walk';

/** Every `verb` written in the raw templates, with the file it is in. */
function verbsInTemplates(): { file: string; verb: unknown }[] {
  const found: { file: string; verb: unknown }[] = [];
  for (const file of fs.readdirSync(cardsDir()).filter((f) => f.endsWith('.json'))) {
    const json: unknown = JSON.parse(fs.readFileSync(path.join(cardsDir(), file), 'utf8'));
    walk(json, (obj) => {
      if ('verb' in obj) found.push({ file, verb: obj.verb });
    });
  }
  return found;
}

describe('cards: action verbs', () => {
  it('uses only verbs from VERBS in cards/*.json', () => {
    const found = verbsInTemplates();
    assert.ok(found.length > 0);
    for (const { file, verb } of found) assert.ok(isVerb(verb), `${file} uses unknown verb ${String(verb)}`);
  });

  it('uses every verb in VERBS in at least one template', () => {
    const used = new Set(verbsInTemplates().map((v) => v.verb));
    assert.deepEqual(ALL_VERBS.filter((v) => !used.has(v)), []);
  });

  it('gives each verb a distinct value', () => {
    assert.equal(new Set(Object.values(VERBS)).size, Object.keys(VERBS).length);
  });

  it('writes every verb in the templates literally, never as a binding', () => {
    for (const { file, verb } of verbsInTemplates()) assert.doesNotMatch(String(verb), /\$\{/, file);
  });
});
