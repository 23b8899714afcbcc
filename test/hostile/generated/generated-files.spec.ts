/**
 * Generated hostile files and command lines: school files (YAML alias bombs, deep
 * nesting, wrong types, huge files, duplicate keys, control characters), staff CSVs (BOMs, wrong
 * column counts, quotes, formula injection, control characters, future dates) and the CLI
 * (unknown commands, bad arguments, an unreachable database). Each ends in a clear, located error
 * or a valid result, quickly, with no stack, no raw driver dump and no control character echoed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Harness } from '../../helpers/bot-harness';
import { runCli } from '../../helpers/cli';
import { FakeClock } from '../../helpers/clock';
import { dumpDatabase } from '../../helpers/db-dump';
import { loadSchool, SchoolConfigError } from '../../../src/core/people/load-school';
import { STRING_KINDS, canary, changedTables, count, hostileString, rngFor, type Rng } from './gen';

const DEMO = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'config', 'demo-school.yaml'), 'utf8');
// What a terminal would act on: C0 controls (but tab and newline), DEL, C1 controls, bidi overrides.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const STACK = /\n\s+at [\w.<>]+ \(|\bat (async )?[\w.]+ \(\/|node:internal/;

/** Asserts a CLI's output is plain: no stack, no control character, no raw driver error, no secret. */
function assertPlainOutput(out: string, what: string, secrets: string[] = []): void {
  assert.doesNotMatch(out, STACK, `${what}: a stack trace was printed:\n${out.slice(0, 400)}`);
  assert.ok(!CONTROL.test(out), `${what}: a control character was printed: ${JSON.stringify(out.slice(0, 200))}`);
  assert.doesNotMatch(out, /connect ECONN\w+ [\d.:]+|getaddrinfo|SQLITE_\w+:|QueryFailedError|TypeError|ReferenceError|RangeError/, `${what}: a raw error was printed:\n${out.slice(0, 400)}`);
  for (const s of secrets) assert.ok(!out.includes(s), `${what}: printed ${s}`);
}

/** A school file problem: located (file:line:col) and plain. */
function assertLocated(e: unknown, what: string): void {
  assert.ok(e instanceof SchoolConfigError, `${what}: threw ${(e as Error)?.name}: ${String((e as Error)?.message).slice(0, 200)}`);
  assert.match(e.message, /school\.yaml(:\d+:\d+)?/, `${what}: the problem names no place`);
  assert.doesNotMatch(e.message, /Maximum call stack|ReferenceError|TypeError|undefined is not/, `${what}: an internal error as the message: ${e.message.slice(0, 200)}`);
}

/** Mutations of the demo school file, each a kind a careless parser would crash or hang on. */
function hostileSchool(rng: Rng, c: string): [string, string] {
  const kinds: [string, () => string][] = [
    ['alias bomb', () => {
      const n = 3 + rng.int(8);
      let y = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
      for (let i = 1; i <= n; i++) y += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
      return `${y}${DEMO}`;
    }],
    ['alias bomb in a value', () => DEMO.replace('name: Demo Primary School', `name: &n ${c}\n  extra: [${Array(200).fill('*n').join(',')}]`)],
    ['deep flow nesting', () => `${DEMO}\nextra: ${'['.repeat(50 + rng.int(20_000))}${']'.repeat(10)}`],
    ['deep block nesting', () => `${DEMO}\nextra:\n${Array.from({ length: 40 + rng.int(3000) }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`],
    ['deep sequence nesting', () => `${DEMO}\nextra: ${'- '.repeat(40 + rng.int(5000))}x\n`],
    ['huge file', () => `${DEMO}\n# ${'x'.repeat(1_100_000)}\n`],
    ['many people', () => DEMO.replace('people:\n', `people:\n${Array.from({ length: 2000 + rng.int(3000) }, (_, i) => `  - { name: P${i} ${c}, email: p${i}@demo-school.example }`).join('\n')}\n`)],
    ['duplicate keys', () => DEMO.replace('school:\n', `school:\n  name: ${c}\n`)],
    ['duplicate top-level section', () => `${DEMO}\npeople: []\n`],
    ['wrong type for a section', () => DEMO.replace(/^people:/m, `people: ${rng.pick(['42', 'yes', '"a string"', '{}', 'null'])}\nformer_people:`)],
    ['wrong type for a field', () => DEMO.replace(rng.pick(['timezone: Europe/London', 'reference_prefix: OS', 'roles: [dsl]', 'email: alex.morgan@demo-school.example']), (m) => `${m.split(':')[0]}: ${rng.pick(['[1, 2]', '{ a: 1 }', '42', 'null', '~', '2026-01-01', `"${c}"`])}`)],
    ['control characters', () => DEMO.replace('Demo Primary School', hostileString(rng.pick(['nul', 'control', 'ansi', 'rtl', 'lone-surrogate'] as const), c, rng))],
    ['a BOM and CRLF', () => `\uFEFF${DEMO.replace(/\n/g, '\r\n')}`],
    ['tabs for indentation', () => DEMO.replace(/\n {2}- name/g, '\n\t- name')],
    ['truncated', () => DEMO.slice(0, rng.int(DEMO.length))],
    ['garbage bytes', () => Array.from({ length: 1 + rng.int(5000) }, () => String.fromCharCode(rng.int(0xffff))).join('')],
    ['a YAML tag', () => DEMO.replace('name: Demo Primary School', `name: !!js/function "function () { return '${c}' }"`)],
    ['merge keys', () => DEMO.replace('school:\n', `base: &b { name: ${c} }\nschool:\n  <<: *b\n`)],
    ['unknown keys', () => DEMO.replace('school:\n', `school:\n  ${c}: 1\n  __proto__: { admin: true }\n`)],
    ['not a mapping', () => rng.pick(['', '42', '- a\n- b', 'null', '"just text"', '---\n...\n'])],
  ];
  const [kind, make] = rng.pick(kinds);
  return [kind, make()];
}

/** A staff CSV line (or a whole file) in one hostile shape; valid rows mixed in. */
function hostileCsv(rng: Rng, c: string, i: number): [string, string] {
  const header = 'email,name,role,start_date,last_training_date,last_aua_date';
  const good = (n: number) => `s${i}-${n}@demo-school.example,Staff ${n},staff,2024-09-01,2025-09-01,2025-09-02`;
  const rows = Array.from({ length: 1 + rng.int(5) }, (_, n) => good(n));
  const bad: [string, () => string][] = [
    ['a BOM', () => `\uFEFF${header}\n${rows.join('\n')}`],
    ['CRLF line ends', () => `${header}\r\n${rows.join('\r\n')}\r\n`],
    ['too few columns', () => `${header}\n${rows.join('\n')}\nx${i}@demo-school.example,Only Two`],
    ['too many columns', () => `${header}\n${good(99)},extra,${c}`],
    ['a stray quote', () => `${header}\n"s${i}@demo-school.example,Staff "Q" Name,staff,,,`],
    ['an unclosed quote', () => `${header}\n"s${i}@demo-school.example,"Staff Name,staff,,,`],
    ['quoted commas', () => `${header}\ns${i}q@demo-school.example,"Smith, Jo",staff,,,`],
    ['formula injection', () => `${header}\ns${i}f@demo-school.example,${rng.pick(['=cmd|\' /C calc\'!A0', '+SUM(1+1)', '-2+3', '@HYPERLINK("http://evil.example")', '=1+1'])},staff,,,`],
    ['control characters', () => `${header}\ns${i}c@demo-school.example,${hostileString(rng.pick(['nul', 'control', 'ansi', 'rtl'] as const), c, rng)},staff,,,`],
    ['control characters in the email', () => `${header}\ns${i}\u001b[31m@demo-school.example,Name,staff,,,`],
    ['a future date', () => `${header}\ns${i}d@demo-school.example,Future Date,staff,2024-01-01,${rng.pick(['2099-01-01', '2031-12-31'])},${rng.pick(['', '2099-06-01'])}`],
    ['an impossible date', () => `${header}\ns${i}d@demo-school.example,Bad Date,staff,${rng.pick(['2025-02-30', '2025-13-01', '01/09/2025', 'yesterday', '0000-00-00', c])},,`],
    ['an unknown role', () => `${header}\ns${i}r@demo-school.example,Role,${rng.pick(['admin', 'root', 'DSL; DROP TABLE', c])},,,`],
    ['a long name', () => `${header}\ns${i}l@demo-school.example,${'N'.repeat(300 + rng.int(100_000))},staff,,,`],
    ['a duplicate email', () => `${header}\n${good(1)}\n${good(1).toUpperCase()}`],
    ['a wrong header', () => `${rng.pick(['name,email,role', '', 'EMAIL;NAME;ROLE', c, `${header},${c}`])}\n${rows.join('\n')}`],
    ['NUL bytes', () => `${header}\n${rows.join('\n').replace(/,/g, ',\u0000')}`],
    ['a huge file with one bad line', () => `${header}\n${Array.from({ length: 50_000 }, (_, n) => `h${i}-${n}@demo-school.example,H ${n},staff,,,`).join('\n')}\nbroken line ${c}`],
    ['blank lines and spaces', () => `${header}\n\n   \n${rows.join('\n\n')}\n\n`],
    ['valid', () => `${header}\n${rows.join('\n')}`],
  ];
  const [kind, make] = rng.pick(bad);
  return [kind, make()];
}

describe('hostile (generated): school files, staff CSVs and the command line', function () {
  this.timeout(180_000);
  const rng = rngFor('files');
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-files-'));
    fs.writeFileSync(path.join(dir, 'aua-demo.md'), '# AUA\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers 160 hostile school files with located problems (or a valid school), each within a second', () => {
    const file = path.join(dir, 'school.yaml');
    for (let i = 0; i < 160; i++) {
      const c = canary();
      const [kind, text] = hostileSchool(rng, c);
      fs.writeFileSync(file, text);
      const started = Date.now();
      let result = 'valid';
      try {
        loadSchool(file);
      } catch (e) {
        assertLocated(e, kind);
        result = 'located problem';
      }
      const ms = Date.now() - started;
      assert.ok(ms < 1000, `${kind}: took ${ms} ms`);
      // Nothing that grows or nests without bound is accepted as a school.
      if (/alias bomb|deep|huge/.test(kind)) assert.equal(result, 'located problem', `${kind} was accepted`);
      count('school file', kind, result);
    }
  });

  it('answers 40 hostile school files through `config check` with exit 1 and plain, located lines', async () => {
    const file = path.join(dir, 'school.yaml');
    for (let i = 0; i < 40; i++) {
      const c = canary();
      const [kind, text] = hostileSchool(rng, c);
      fs.writeFileSync(file, text);
      const r = await runCli({ clock: new FakeClock(), cliEnv: () => ({ LOG_LEVEL: 'silent' }) }, ['config', 'check', file]);
      assert.ok(r.code === 0 || r.code === 1, `${kind}: exit ${r.code}`);
      if (r.code === 1) assert.match(r.err, /school\.yaml/, `${kind}: the error names no file`);
      assertPlainOutput(`${r.out}\n${r.err}`, kind);
      count('cli', `config check: ${kind}`, `exit ${r.code}`);
    }
  });

  describe('staff import', function () {
    let h: Harness;
    before(async () => {
      h = await Harness.start();
    });
    after(async () => h?.close());

    it('imports 100 hostile staff CSVs all or nothing: a line-numbered error and no row, or a valid import', async () => {
      const staffTables = ['staff_records', 'duty_completions', 'aua_signatures', 'aua_versions', 'duty_reminders'];
      for (let i = 0; i < 100; i++) {
        const c = canary();
        const [kind, text] = hostileCsv(rng, c, i);
        const file = path.join(dir, `staff-${i}.csv`);
        fs.writeFileSync(file, text);
        const before = await dumpDatabase(h.app.deps.store);
        const started = Date.now();
        const r = await runCli(h, ['staff', 'import', file]);
        const ms = Date.now() - started;
        const after = await dumpDatabase(h.app.deps.store);
        assert.ok(ms < 10_000, `${kind}: took ${ms} ms`);
        assertPlainOutput(`${r.out}\n${r.err}`, kind);
        if (r.code === 0) {
          assert.match(r.out, /^Imported \d+ staff/, `${kind}: ${r.out}`);
          assert.deepEqual(changedTables(before, after, staffTables), [], `${kind}: an import changed more than staff records`);
        } else {
          assert.equal(r.code, 1, `${kind}: exit ${r.code}\n${r.err}`);
          assert.match(r.err, /problems?; nothing was imported|Cannot read/, `${kind}: ${r.err.slice(0, 200)}`);
          assert.match(r.err, /staff-\d+\.csv:\d+: /, `${kind}: the error has no line number`);
          assert.equal(after, before, `${kind}: a refused file changed rows (a partial import)`);
        }
        if (['valid', 'CRLF line ends', 'a BOM', 'quoted commas', 'blank lines and spaces'].includes(kind)) assert.equal(r.code, 0, `${kind} is a valid file: ${r.err.slice(0, 300)}`);
        if (['too few columns', 'too many columns', 'a stray quote', 'an unclosed quote', 'an impossible date', 'an unknown role', 'a duplicate email', 'a wrong header', 'a huge file with one bad line', 'a future date', 'control characters', 'control characters in the email', 'a long name', 'NUL bytes'].includes(kind))
          assert.equal(r.code, 1, `${kind} was imported`);
        count('staff csv', kind, r.code === 0 ? 'imported' : 'refused, line errors');
      }
    });
  });

  it('answers 60 unknown commands and bad arguments with exit 2 (or 1) and never echoes a control character', async () => {
    const target = { clock: new FakeClock(), cliEnv: () => ({ LOG_LEVEL: 'silent', DATABASE_URL: `sqlite:${path.join(dir, 'none', 'db.sqlite')}`, SCHOOL_CONFIG: path.join(dir, 'school.yaml') }) };
    for (let i = 0; i < 60; i++) {
      const c = canary();
      const s = hostileString(rng.pick(STRING_KINDS), c, rng).slice(0, 5000);
      const [kind, make] = rng.pick<[string, () => string[]]>([
        ['unknown command', () => [s]],
        ['unknown command words', () => [s, s.slice(0, 3), '--x']],
        ['unknown subcommand', () => [rng.pick(['config', 'db', 'reminders', 'staff']), s]],
        ['unknown option', () => ['config', 'check', `--${s}`]],
        ['bad --at', () => ['reminders', 'run', '--at', s]],
        ['too many arguments', () => ['config', 'check', 'a.yaml', s]],
        ['a file that is not there', () => ['staff', 'import', path.join(dir, `${s.slice(0, 100).replace(/\//g, '_')}.csv`)]],
        ['no file', () => ['staff', 'import']],
      ]);
      const r = await runCli(target, make());
      assert.ok(r.code === 1 || r.code === 2, `${kind}: exit ${r.code}`);
      assertPlainOutput(`${r.out}\n${r.err}`, kind);
      assert.ok(r.err.length < 10_000, `${kind}: printed ${r.err.length} characters`);
      count('cli', kind, `exit ${r.code}`);
    }
  });

  it('answers 30 commands against an unreachable or broken database with one coded line, never a raw error', async () => {
    const school = path.join(dir, 'ok-school.yaml');
    fs.writeFileSync(school, DEMO);
    const csv = path.join(dir, 'ok.csv');
    fs.writeFileSync(csv, 'email,name,role,start_date,last_training_date,last_aua_date\na@demo-school.example,A,staff,,,\n');
    fs.mkdirSync(path.join(dir, 'a-directory.sqlite'), { recursive: true });
    const PASSWORD = 'S3cretPw0rd';
    const databases: [string, string][] = [
      ['PostgreSQL refusing connections', `postgres://postgres:${PASSWORD}@127.0.0.1:1/test`],
      ['PostgreSQL host that does not exist', `postgres://postgres:${PASSWORD}@no-such-host.invalid:5432/test`],
      ['SQLite in a folder that does not exist', `sqlite:${path.join(dir, 'no', 'such', 'folder', 'db.sqlite')}`],
      ['SQLite path that is a folder', `sqlite:${path.join(dir, 'a-directory.sqlite')}`],
      ['an unsupported database', `mysql://root:${PASSWORD}@127.0.0.1/x`],
    ];
    for (let i = 0; i < 30; i++) {
      const [kind, url] = databases[i % databases.length];
      const args = rng.pick([['reminders', 'run', '--no-deliver'], ['staff', 'import', csv], ['db', 'init'], ['reminders', 'run']]);
      const started = Date.now();
      const r = await runCli({ clock: new FakeClock(), cliEnv: () => ({ LOG_LEVEL: 'silent', DATABASE_URL: url, SCHOOL_CONFIG: school }) }, args);
      const ms = Date.now() - started;
      // `db init` is how a new school's database is made: in a new folder, that is what it does.
      if (kind === 'SQLite in a folder that does not exist' && args[0] === 'db') {
        assert.equal(r.code, 0, r.err);
        fs.rmSync(path.join(dir, 'no'), { recursive: true, force: true });
        count('cli', `database: ${kind} (db init creates it)`, 'exit 0');
        continue;
      }
      assert.equal(r.code, 1, `${kind} ${args.join(' ')}: exit ${r.code}\n${r.out}\n${r.err}`);
      assertPlainOutput(`${r.out}\n${r.err}`, `${kind} ${args.join(' ')}`, [PASSWORD]);
      const lines = r.err.split('\n').filter(Boolean);
      assert.ok(lines.length >= 1 && lines.length <= 4, `${kind}: ${lines.length} lines:\n${r.err}`);
      assert.ok(ms < 15_000, `${kind}: took ${ms} ms`);
      count('cli', `database: ${kind}`, `exit ${r.code}, ${lines.length} line${lines.length === 1 ? '' : 's'}`);
    }
  });
});
