import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { UKCIS_BANNER, UKCIS_RULES, UKCIS_STEP_INTRO } from '../../../src/core/incidents/ukcis';

const ROOT = path.join(__dirname, '..', '..', '..');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(rel) : /\.(ts|json)$/.test(e.name) ? [rel] : [];
  });
}

/**
 * Quoted text (what a person may read) that tells someone to delete something, unless it says not
 * to ("do not … delete", "never delete") or is about the bot's own draft ("your draft has been deleted").
 */
function deleteAdvice(source: string): string[] {
  const quoted = source.match(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g) ?? [];
  return quoted
    .flatMap((q) => q.split(/(?<=[.!?])\s+/))
    .filter((sentence) => /\bdelete\b/i.test(sentence))
    .filter((sentence) => !/\b(not|never|don't|nothing)\b/i.test(sentence) && !/draft has been deleted|are deleted after|is deleted after/i.test(sentence));
}

describe('incidents: the UKCIS rule', () => {
  it("gives the full do's and don'ts: do not view, copy, forward or delete; do not ask the child to show or send; do not question or blame; tell the DSL now", () => {
    const all = UKCIS_RULES.join(' ');
    for (const rule of [/Do not view, copy, screenshot, print, forward, save or delete/, /Do not ask the child, or anyone, to show it to you or send it/, /Do not question the child about the image/, /Do not blame or shame/, /Tell the DSL now/]) {
      assert.match(all, rule);
      assert.match(UKCIS_STEP_INTRO, rule);
    }
    for (const rule of [/Do not view, copy, forward or delete/, /do not ask the child to show or send it/, /Do not question or blame/, /Tell the DSL now/]) assert.match(UKCIS_BANNER.text, rule);
  });

  it('never tells anyone to delete an image, in the wizard, the views, any card or either platform\'s messages', () => {
    const offending = ['cards', 'src/core', 'src/views', 'src/cards', 'src/platforms'].flatMap(filesUnder).flatMap((f) => deleteAdvice(fs.readFileSync(path.join(ROOT, f), 'utf8')).map((s) => `${f}: ${s}`));
    assert.deepEqual(offending, []);
  });

  it('catches advice to delete when it is there (the check itself can fail)', () => {
    assert.deepEqual(deleteAdvice("const t = 'Thanks. Please delete it from this chat now.';"), ['Please delete it from this chat now.\'']);
    assert.deepEqual(deleteAdvice("const t = 'Do not delete it.';"), []);
  });
});
