import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadSchool, parseSchool, SchoolConfigError } from '../../../src/core/people/load-school';
import { contactLine, NATIONAL_CONTACTS } from '../../../src/core/playbooks/contacts';
import { testSchool } from '../../helpers/school';

const DEMO_PATH = path.join(__dirname, '..', '..', '..', 'config', 'demo-school.yaml');
const demo = fs.readFileSync(DEMO_PATH, 'utf8');

function problems(text: string): string[] {
  try {
    parseSchool(text, 'demo.yaml');
  } catch (e) {
    assert.ok(e instanceof SchoolConfigError);
    return e.problems.map((p) => `${p.field} ${p.message}`);
  }
  return assert.fail('expected the school file to be rejected');
}

describe('playbooks: contacts from the school file', () => {
  it('takes the local services from the demo file and the LADO from routes.lado', () => {
    const school = loadSchool(DEMO_PATH);
    assert.equal(school.contact('social_care')?.name, "Demo Borough MASH (children's social care)");
    assert.equal(school.contact('social_care')?.phone, '020 7946 0100');
    assert.equal(school.contact('prevent')?.email, 'prevent@demo-borough.example');
    assert.deepEqual(school.contact('lado'), { name: 'Demo Borough LADO', phone: '020 7946 0000', email: 'lado@demo-borough.example' });
  });

  it('gives the national services their national details when the file has none', () => {
    const school = testSchool();
    for (const id of ['police', 'ceop', 'iwf', 'report_remove', 'report_harmful_content', 'posh'] as const) assert.deepEqual(school.contact(id), NATIONAL_CONTACTS[id], id);
    assert.match(contactLine(school.contact('police')!), /999 \(immediate danger\) \/ 101/);
    assert.match(contactLine(school.contact('posh')!), /0344 381 4772/);
    assert.match(school.contact('report_remove')!.url!, /childline\.org\.uk\/report-remove/);
  });

  it('has no local service it was not given: no MASH, Prevent or LADO is invented', () => {
    const school = testSchool();
    assert.equal(school.contact('social_care'), null);
    assert.equal(school.contact('prevent'), null);
    assert.equal(school.contact('lado'), null);
  });

  it('lets a school override a national default', () => {
    const school = testSchool({ contacts: { police: { name: 'Greater Manchester Police', phone: '101' } } });
    assert.deepEqual(school.contact('police'), { name: 'Greater Manchester Police', phone: '101' });
  });

  it('reports a misspelt service or a bad web address at its key', () => {
    const typo = demo.replace('  prevent:\n', '  prevnet:\n');
    assert.notEqual(typo, demo);
    assert.ok(problems(typo).some((p) => /^contacts/.test(p) && /prevnet/.test(p)), problems(typo).join('\n'));
    const badUrl = demo.replace('    email: mash@demo-borough.example\n', '    email: mash@demo-borough.example\n    url: mash dot example\n');
    assert.ok(problems(badUrl).some((p) => p.startsWith('contacts.social_care.url ')), problems(badUrl).join('\n'));
  });
});
