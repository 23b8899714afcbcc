import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSchool, parseSchool, SchoolConfigError, formatProblem } from '../../../src/core/people/load-school';

const DEMO_PATH = path.join(__dirname, '..', '..', '..', 'config', 'demo-school.yaml');
const demo = fs.readFileSync(DEMO_PATH, 'utf8');

/** The demo file with one exact piece of text replaced (failing loudly if the demo no longer has it). */
function edit(from: string, to: string, text = demo): string {
  assert.ok(text.includes(from), `demo file no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** 1-based line and column of the first occurrence of needle. */
function position(text: string, needle: string): { line: number; col: number } {
  const before = text.slice(0, text.indexOf(needle));
  const lines = before.split('\n');
  return { line: lines.length, col: lines[lines.length - 1].length + 1 };
}

function problemsOf(text: string): SchoolConfigError {
  try {
    parseSchool(text, 'demo.yaml');
  } catch (e) {
    assert.ok(e instanceof SchoolConfigError, `expected SchoolConfigError, got ${String(e)}`);
    assert.equal(e.code, 'SCHOOL_CONFIG_INVALID');
    return e;
  }
  assert.fail('expected the school file to be rejected');
}

describe('people: loading the school file', () => {
  it('loads the demo school with every role, its DSL team channel and its routes', () => {
    const school = loadSchool(DEMO_PATH);
    assert.equal(school.name, 'Demo Primary School');
    assert.equal(school.timezone, 'Europe/London');
    assert.equal(school.referencePrefix, 'OS');
    assert.equal(school.withRole('dsl').length, 1);
    assert.equal(school.withRole('deputy_dsl').length, 2);
    for (const role of ['online_safety_lead', 'headteacher', 'chair_of_governors', 'online_safety_governor', 'ict_lead'] as const)
      assert.equal(school.withRole(role).length, 1, role);
    assert.ok(school.withRole('staff').length >= 3);
    assert.equal(school.file.safeguarding_team.teams?.channel_id, '19:dsl-team@thread.tacv2');
    assert.equal(school.file.routes.concern_about_chair, 'margaret.lee@demo-school.example');
    assert.equal(school.file.routes.lado?.name, 'Demo Borough LADO');
    assert.deepEqual(school.file.reporting, { urgent_acknowledge_minutes: 15, draft_expiry_hours: 72, urgent_draft_alert_minutes: 15 });
  });

  it('uses demo-school.example for every email in the demo', () => {
    const school = loadSchool(DEMO_PATH);
    for (const p of school.everyone()) assert.match(p.email, /@demo-school\.example$/);
  });

  it('names the file, line, column and field of a bad email', () => {
    const text = edit('email: tom.davies@demo-school.example', 'email: tom.davies-at-school');
    const { line, col } = position(text, 'tom.davies-at-school');
    const e = problemsOf(text);
    assert.equal(e.problems.length, 1);
    assert.equal(formatProblem(e.problems[0]), `demo.yaml:${line}:${col} people.2.email must be an email address`);
    assert.match(e.message, new RegExp(`demo\\.yaml:${line}:${col} people\\.2\\.email must be an email address`));
  });

  it('reports every problem at once, in the order they appear in the file', () => {
    let text = edit('timezone: Europe/London', 'timezone: Europe/Londn');
    text = edit('urgent_acknowledge_minutes: 15', 'urgent_acknowledge_minutes: 0', text);
    text = edit('email: sam.okafor@demo-school.example', 'email: sam', text);
    const e = problemsOf(text);
    assert.deepEqual(
      e.problems.map((p) => p.field),
      ['school.timezone', 'people.3.email', 'reporting.urgent_acknowledge_minutes'],
    );
    assert.equal(e.problems[0].line, position(text, 'Europe/Londn').line);
    assert.match(e.problems[0].message, /IANA time zone/);
    assert.match(e.problems[2].message, /must be at least 1/);
  });

  it('reports a school with no DSL and no headteacher at the people key', () => {
    let text = edit('roles: [dsl]', 'roles: [staff]');
    text = edit('roles: [headteacher]', 'roles: [staff]', text);
    const e = problemsOf(text);
    const messages = e.problems.map(formatProblem);
    const { line } = position(text, '\npeople:');
    assert.ok(messages.includes(`demo.yaml:${line + 1}:1 people nobody has the role dsl`), messages.join('\n'));
    assert.ok(messages.includes(`demo.yaml:${line + 1}:1 people nobody has the role headteacher`), messages.join('\n'));
  });

  it('reports an email listed twice, whatever its case, naming the first entry', () => {
    const text = edit('email: tom.davies@demo-school.example', 'email: Priya.Shah@Demo-School.example');
    const e = problemsOf(text);
    assert.equal(e.problems.length, 1);
    assert.equal(e.problems[0].field, 'people.2.email');
    assert.equal(e.problems[0].message, 'duplicates people[1]');
    assert.equal(e.problems[0].line, position(text, 'Priya.Shah@Demo').line);
  });

  it('refuses head_is_proprietor without the LADO, at the line of the setting', () => {
    let text = edit('  lado:\n    name: Demo Borough LADO\n    phone: "020 7946 0000"\n    email: lado@demo-borough.example\n', '');
    text = edit('head_is_proprietor: false', 'head_is_proprietor: true', text);
    const e = problemsOf(text);
    assert.equal(e.problems.length, 1);
    assert.equal(e.problems[0].field, 'routes.head_is_proprietor');
    assert.equal(e.problems[0].line, position(text, 'head_is_proprietor: true').line);
    assert.match(e.problems[0].message, /needs routes\.lado/);
  });

  it('refuses lado_direct_for with a LADO that has no phone or email', () => {
    let text = edit('    phone: "020 7946 0000"\n    email: lado@demo-borough.example\n', '');
    text = edit('  # lado_direct_for: [chair_of_governors]', '  lado_direct_for: [chair_of_governors]', text);
    const e = problemsOf(text);
    assert.deepEqual(e.problems.map((p) => p.field), ['routes.lado_direct_for']);
    assert.equal(e.problems[0].line, position(text, 'lado_direct_for: [chair').line);
  });

  it('refuses an unknown role in lado_direct_for, at its position', () => {
    const text = edit('  # lado_direct_for: [chair_of_governors]', '  lado_direct_for: [chair_of_governors, bursar]');
    const e = problemsOf(text);
    assert.deepEqual(e.problems.map((p) => p.field), ['routes.lado_direct_for.1']);
    assert.equal(e.problems[0].col, position(text, 'bursar').col);
  });

  it('accepts head_is_proprietor with the LADO and sends the head to the LADO route roles', () => {
    const school = parseSchool(edit('head_is_proprietor: false', 'head_is_proprietor: true'), 'demo.yaml');
    assert.deepEqual(school.ladoDirectRoles, ['headteacher']);
  });

  it('lists channel_members as emails, lower-cased, and refuses one that is not an email', () => {
    const ok = parseSchool(edit('  # channel_members: [office.manager@demo-school.example]', '  channel_members: [Office.Manager@Demo-School.example]'), 'demo.yaml');
    assert.deepEqual(ok.file.safeguarding_team.channel_members, ['office.manager@demo-school.example']);
    assert.equal(ok.inDslChannel(ok.person('office.manager@demo-school.example')), true);
    const e = problemsOf(edit('  # channel_members: [office.manager@demo-school.example]', '  channel_members: [office manager]'));
    assert.equal(e.problems[0].field, 'safeguarding_team.channel_members.0');
  });

  it('names the allowed roles when a role is unknown', () => {
    const text = edit('roles: [online_safety_lead]', 'roles: [online_safety_leader]');
    const e = problemsOf(text);
    assert.equal(e.problems.length, 1);
    assert.equal(e.problems[0].field, 'people.3.roles.0');
    assert.equal(e.problems[0].line, position(text, 'online_safety_leader').line);
    assert.match(e.problems[0].message, /must be one of dsl, deputy_dsl, online_safety_lead, headteacher, chair_of_governors, online_safety_governor, ict_lead, staff/);
    assert.match(e.problems[0].message, /online_safety_leader/);
  });

  it('points a missing field at the mapping that should hold it', () => {
    const text = edit('  - name: Chris Walker\n    email:', '  - email:');
    const e = problemsOf(text);
    assert.equal(formatProblem(e.problems[0]).replace(/^demo\.yaml:\d+:\d+ /, ''), 'people.7.name is required');
    assert.equal(e.problems[0].line, position(text, 'chris.walker@').line);
  });

  it('refuses a concern_about_chair route to someone not listed in people', () => {
    const text = edit('concern_about_chair: margaret.lee@demo-school.example', 'concern_about_chair: nobody@demo-school.example');
    const e = problemsOf(text);
    assert.equal(e.problems[0].field, 'routes.concern_about_chair');
    assert.equal(e.problems[0].line, position(text, 'nobody@demo-school.example').line);
    assert.match(e.problems[0].message, /listed in people/);
  });

  it('refuses a misspelt key rather than ignoring it, naming its line', () => {
    const text = edit('  concern_about_chair:', '  concern_about_chiar:');
    const e = problemsOf(text);
    assert.equal(e.problems.length, 1);
    assert.equal(e.problems[0].field, 'routes.concern_about_chiar');
    assert.deepEqual(
      { line: e.problems[0].line, col: e.problems[0].col },
      position(text, 'concern_about_chiar'),
    );
    assert.match(e.problems[0].message, /not a known key/);
  });

  it('refuses an unknown key inside a person', () => {
    const text = edit('    roles: [ict_lead]', '    roles: [ict_lead]\n    role: headteacher');
    const e = problemsOf(text);
    assert.equal(e.problems[0].field, 'people.7.role');
  });

  it('gives the line of a YAML syntax error', () => {
    const text = edit('  name: Demo Primary School', '  name: [Demo Primary School');
    const e = problemsOf(text);
    assert.ok(e.problems.length >= 1);
    assert.match(e.problems[0].message, /^YAML syntax: /);
    assert.ok(e.problems[0].line >= position(text, '[Demo').line, formatProblem(e.problems[0]));
    assert.match(e.message, /demo\.yaml:\d+:\d+ YAML syntax/);
  });

  it('gives the line of a key written twice', () => {
    const text = edit('  timezone: Europe/London', '  timezone: Europe/London\n  timezone: Europe/Paris');
    const e = problemsOf(text);
    assert.equal(e.problems[0].line, position(text, 'timezone: Europe/Paris').line);
  });

  it('says an empty file is empty', () => {
    const e = problemsOf('# nothing yet\n');
    assert.equal(formatProblem(e.problems[0]), 'demo.yaml:1:1 the file is empty: start from config/demo-school.yaml');
  });

  it('names the path and SCHOOL_CONFIG when the file does not exist', () => {
    const missing = path.join(os.tmpdir(), 'no-such-school-file.yaml');
    assert.throws(
      () => loadSchool(missing),
      (e: Error) =>
        e instanceof SchoolConfigError && e.code === 'SCHOOL_CONFIG_INVALID' && e.message.includes(missing) && /SCHOOL_CONFIG/.test(e.message),
    );
  });

  it('reads the file from disk with the same checks as parseSchool', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'school-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, edit('email: tom.davies@demo-school.example', 'email: nope'));
    try {
      assert.throws(() => loadSchool(file), (e: Error) => e instanceof SchoolConfigError && e.problems[0].file === file);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('people: the loaded school', () => {
  const school = loadSchool(DEMO_PATH);

  it('treats someone not in the school file as staff who may report', () => {
    const p = school.person('  New.Teacher@Demo-School.example ', 'New Teacher');
    assert.deepEqual(p, { email: 'new.teacher@demo-school.example', name: 'New Teacher', roles: ['staff'], known: false });
  });

  it('recognises a listed person whatever the case of their email', () => {
    const p = school.person('ALEX.MORGAN@demo-school.example');
    assert.equal(p.name, 'Alex Morgan');
    assert.deepEqual(p.roles, ['dsl']);
    assert.equal(p.known, true);
  });

  it('gives a listed person with no roles the staff role', () => {
    assert.deepEqual(school.person('margaret.lee@demo-school.example').roles, ['staff']);
  });

  it('counts the DSL team and anyone listed in channel_members as able to read the DSL channel', () => {
    assert.equal(school.inDslChannel(school.person('alex.morgan@demo-school.example')), true);
    assert.equal(school.inDslChannel(school.person('sam.okafor@demo-school.example')), true);
    assert.equal(school.inDslChannel(school.person('helen.carter@demo-school.example')), false);
  });

  it('gives the LADO contact with the number from the school file', () => {
    assert.equal(school.ladoContact, 'Demo Borough LADO (020 7946 0000, lado@demo-borough.example)');
  });

  it('lists the deputy DSLs in file order', () => {
    assert.deepEqual(
      school.withRole('deputy_dsl').map((p) => p.name),
      ['Priya Shah', 'Tom Davies'],
    );
  });
});

describe('people: the filtering approvers setting', () => {
  const setting = 'filtering_approval: { approvers: [headteacher, online_safety_lead], approvals: 1 }';
  const problem = (to: string) => {
    const text = edit(setting, to);
    const e = problemsOf(text);
    return { e, text };
  };

  it('loads the demo setting: the headteacher or the online safety lead, one approval', () => {
    const school = loadSchool(DEMO_PATH);
    assert.deepEqual(school.duties.filtering_approval, { approvers: ['headteacher', 'online_safety_lead'], approvals: 1 });
  });

  it('refuses the ICT lead as an approver, by role, with the line it is on', () => {
    const { e, text } = problem('filtering_approval: { approvers: [headteacher, ict_lead] }');
    assert.equal(e.problems.length, 1);
    assert.equal(e.problems[0].field, 'duties.filtering_approval.approvers.1');
    assert.equal(e.problems[0].line, position(text, 'filtering_approval:').line);
    assert.match(formatProblem(e.problems[0]), /^demo\.yaml:\d+:\d+ duties\.filtering_approval\.approvers\.1 the ICT lead carries out filtering changes and may not approve them/);
  });

  it('refuses the ICT lead named by email, and an email nobody in people has', () => {
    const { e } = problem('filtering_approval:\n    approvers:\n      - Chris.Walker@demo-school.example\n      - nobody@demo-school.example');
    assert.deepEqual(e.problems.map((p) => p.field), ['duties.filtering_approval.approvers.0', 'duties.filtering_approval.approvers.1']);
    assert.match(e.problems[0].message, /this person is the ICT lead/);
    assert.match(e.problems[1].message, /must be a role .* or the email of a person listed in people/);
  });

  it('needs two different eligible people for two approvals, and accepts only 1 or 2', () => {
    const two = problem('filtering_approval: { approvers: [headteacher], approvals: 2 }');
    assert.equal(two.e.problems[0].field, 'duties.filtering_approval.approvals');
    assert.match(two.e.problems[0].message, /at least two different people/);
    const three = problem('filtering_approval: { approvers: [headteacher, dsl], approvals: 3 }');
    assert.match(three.e.problems[0].message, /must be 1 \(any one approver\) or 2/);
  });

  it('takes two approvals from named people and roles together', () => {
    const school = parseSchool(edit(setting, 'filtering_approval: { approvers: [headteacher, alex.morgan@demo-school.example], approvals: 2 }'), 'demo.yaml');
    assert.equal(school.duties.filtering_approval.approvals, 2);
  });
});

describe('people: school files built to crash or stall the loader', () => {
  /** The problems parseSchool reports for `text`, and how long it took. */
  function refused(text: string): { message: string; ms: number } {
    const started = Date.now();
    try {
      parseSchool(text, 'school.yaml');
    } catch (e) {
      assert.ok(e instanceof SchoolConfigError, `threw ${(e as Error).name}: ${(e as Error).message.slice(0, 120)}`);
      return { message: e.message, ms: Date.now() - started };
    }
    assert.fail('the file was accepted');
  }

  it('refuses an alias bomb ("billion laughs") as a problem of the file, not a ReferenceError', () => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i <= 8; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const r = refused(`${bomb}${demo}`);
    assert.match(r.message, /school\.yaml:1:1 YAML aliases expand too far/);
    assert.ok(r.ms < 500, `took ${r.ms} ms`);
  });

  it('refuses deep nesting (brackets or indentation) and a file over 1 MB at once, naming why', () => {
    assert.match(refused(`${demo}\nx: ${'['.repeat(20_000)}`).message, /nested more than 32 levels deep/);
    assert.match(refused(`${demo}\nx:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`).message, /indented more than 128 columns/);
    assert.match(refused(`${demo}\n# ${'x'.repeat(1_100_000)}\n`).message, /larger than 1 MB/);
  });

  it('refuses a control character or a text-direction override in a value, at its line', () => {
    const line = demo.slice(0, demo.indexOf('Demo Primary School')).split('\n').length;
    for (const evil of ['Demo\u001b[2J School', 'Demo "\\u0007" School', '\u202eloohcS omeD']) {
      const text = edit('Demo Primary School', evil.includes('\\u') ? `"${evil.replace(/"/g, '')}"` : evil);
      assert.match(refused(text).message, new RegExp(`school\\.yaml:${line}:\\d+ contains a control character`), evil);
    }
  });
});
