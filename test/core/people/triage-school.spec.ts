import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseSchool, SchoolConfigError } from '../../../src/core/people/load-school';
import { isUrgent, isSerious } from '../../../src/core/incidents/urgency';

const demo = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'config', 'demo-school.yaml'), 'utf8');

/** The demo school with a `triage:` section appended. */
const withTriage = (yaml: string) => `${demo}\ntriage:\n${yaml}`;

function problemsOf(text: string): SchoolConfigError {
  try {
    parseSchool(text, 'demo.yaml');
  } catch (e) {
    assert.ok(e instanceof SchoolConfigError, String(e));
    return e;
  }
  assert.fail('expected the school file to be rejected');
}

/** 1-based line of the first occurrence of needle. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle, demo.length)).split('\n').length;

describe('people: a school file changes which kinds page and which are serious', () => {
  it('uses the catalogue defaults when the file has no triage section: copyright is serious and does not page, sextortion pages', () => {
    const school = parseSchool(demo, 'demo.yaml');
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['copyright'] }, school.triage), false);
    assert.equal(isSerious({ immediateDanger: false, kinds: ['copyright'] }, school.triage), true);
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['sextortion'] }, school.triage), true);
  });

  it('pages for hacking and stops paging for upskirting when the school says so, and flags online bullying as serious', () => {
    const school = parseSchool(withTriage('  page_now: [hacking]\n  not_page_now: [upskirting]\n  serious:\n    - online_bullying\n  not_serious: [copyright]\n'), 'demo.yaml');
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['hacking'] }, school.triage), true);
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['upskirting'] }, school.triage), false);
    assert.equal(isSerious({ immediateDanger: false, kinds: ['upskirting'] }, school.triage), true);
    assert.equal(isSerious({ immediateDanger: false, kinds: ['online_bullying'] }, school.triage), true);
    assert.equal(isSerious({ immediateDanger: false, kinds: ['copyright'] }, school.triage), false);
  });

  it('accepts an empty list and a section with only one key', () => {
    const school = parseSchool(withTriage('  page_now: []\n'), 'demo.yaml');
    assert.equal(isUrgent({ immediateDanger: false, kinds: ['grooming'] }, school.triage), true);
  });

  it('names the line and position of a kind id it does not know, such as a typo', () => {
    const text = withTriage('  page_now: [hacking, sextorsion]\n  serious: [cyberbullying]\n');
    const e = problemsOf(text);
    assert.deepEqual(
      e.problems.map((p) => [p.line, p.field, p.message]),
      [
        [lineOf(text, 'sextorsion'), 'triage.page_now.1', 'is not a kind id: see "Kinds and triage" in README.md for the list'],
        [lineOf(text, 'cyberbullying'), 'triage.serious.0', 'is not a kind id: see "Kinds and triage" in README.md for the list'],
      ],
    );
    assert.equal(e.problems[0].col, text.split('\n')[lineOf(text, 'sextorsion') - 1].indexOf('sextorsion') + 1);
  });

  it('refuses a kind listed both to page and not to page', () => {
    const text = withTriage('  page_now: [copyright]\n  not_page_now: [copyright]\n');
    const [p] = problemsOf(text).problems;
    assert.equal(p.field, 'triage.not_page_now.0');
    assert.match(p.message, /also listed under page_now/);
    assert.equal(p.line, lineOf(text, 'not_page_now'));
  });

  it('refuses to make a kind that still pages not serious', () => {
    const [p] = problemsOf(withTriage('  not_serious: [grooming]\n')).problems;
    assert.equal(p.field, 'triage.not_serious.0');
    assert.match(p.message, /pages now.*not_page_now/);
  });

  it('refuses a misspelt triage key rather than ignoring it', () => {
    const [p] = problemsOf(withTriage('  page_now: [hacking]\n  pagenow: [copyright]\n')).problems;
    assert.equal(p.field, 'triage.pagenow');
    assert.match(p.message, /not a known key/);
  });

  it('refuses a single id where a list is needed, in plain words', () => {
    const [p] = problemsOf(withTriage('  page_now: hacking\n')).problems;
    assert.equal(p.field, 'triage.page_now');
    assert.equal(p.message, 'must be a list');
  });
});
