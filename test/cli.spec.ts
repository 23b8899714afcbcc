import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main, commands, type CliIo } from '../src/cli';
import { writeTrust } from './helpers/trust';

const DEMO_PATH = path.join(__dirname, '..', 'config', 'demo-school.yaml');

/** Runs the CLI and records what it printed. */
async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (s) => out.push(s), err: (s) => err.push(s) };
  const code = await main(argv, io, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cli: safeguard config check', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-cli-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the school, its people by role, where the DSL team works and the routes, and exits 0', async () => {
    const r = await run(['config', 'check', DEMO_PATH]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.match(r.out, /School: +Demo Primary School/);
    assert.match(r.out, /Time zone: +Europe\/London/);
    assert.match(r.out, /Designated safeguarding lead \(dsl\): 1\n {4}Alex Morgan <alex\.morgan@demo-school\.example>/);
    assert.match(r.out, /Deputy DSL \(deputy_dsl\): 2\n {4}Priya Shah <priya\.shah@demo-school\.example>\n {4}Tom Davies <tom\.davies@demo-school\.example>/);
    assert.match(r.out, /Headteacher \(headteacher\): 1/);
    assert.match(r.out, /Chair of governors \(chair_of_governors\): 1/);
    assert.match(r.out, /Teams channel: 19:dsl-team@thread\.tacv2/);
    assert.match(r.out, /chair of governors goes to: Margaret Lee <margaret\.lee@demo-school\.example>/);
    assert.match(r.out, /within 15 minutes/);
    assert.match(r.out, /after 72 hours/);
    assert.match(r.out, /Pattern alerts to the DSL team:\n {2}A pupil named in 3 concerns within 42 days\.\n {2}A pupil named as alleged perpetrator in 2 concerns within 365 days\.\n {2}A kind with at least 5 concerns in 14 days and 3 × its usual count over the 182 days before\./);
    assert.doesNotMatch(r.out, /Warnings:/);
  });

  it('checks the file named by SCHOOL_CONFIG when no file is given', async () => {
    const r = await run(['config', 'check'], { SCHOOL_CONFIG: DEMO_PATH });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /from SCHOOL_CONFIG/);
    assert.match(r.out, /Demo Primary School/);
  });

  it('prints every problem as file:line:col field message on stderr and exits 1 for an invalid file', async () => {
    const file = path.join(dir, 'bad.yaml');
    const text = fs.readFileSync(DEMO_PATH, 'utf8').replace('email: tom.davies@demo-school.example', 'email: tom').replace('roles: [dsl]', 'roles: [dls]');
    fs.writeFileSync(file, text);
    const r = await run(['config', 'check', file]);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /2 problems/);
    const lineOf = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
    assert.ok(r.err.includes(`${file}:${lineOf('[dls]')}:`), r.err);
    assert.match(r.err, new RegExp(`:${lineOf('email: tom\n')}:\\d+ people\\.2\\.email must be an email address`));
    assert.match(r.err, /people\.0\.roles\.0 must be one of dsl, deputy_dsl/);
  });

  it('names the missing file and SCHOOL_CONFIG, and exits 1', async () => {
    const missing = path.join(dir, 'missing.yaml');
    const r = await run(['config', 'check'], { SCHOOL_CONFIG: missing });
    assert.equal(r.code, 1);
    assert.ok(r.err.includes(missing), r.err);
    assert.match(r.err, /SCHOOL_CONFIG/);
  });

  it('warns when no vice-chair route is set, but still exits 0', async () => {
    const file = path.join(dir, 'minimal.yaml');
    fs.writeFileSync(
      file,
      [
        'school: { name: Tiny School, timezone: Europe/London }',
        'people:',
        '  - { name: D, email: d@tiny.example, roles: [dsl, headteacher] }',
        'safeguarding_team: { slack: { channel_id: CDSL } }',
      ].join('\n'),
    );
    const r = await run(['config', 'check', file]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Designated safeguarding lead \(dsl\): 1\n {4}D <d@tiny\.example>/);
    assert.match(r.out, /Warnings:/);
    assert.match(r.out, /nobody has the role chair_of_governors/);
    assert.match(r.out, /routes\.concern_about_chair is not set/);
    assert.match(r.out, /within 15 minutes/);
  });

  it('still checks the school file when the environment is invalid, but exits 1 and names the variable', async () => {
    const r = await run(['config', 'check'], { SCHOOL_CONFIG: DEMO_PATH, MicrosoftAppId: 'abc' });
    assert.equal(r.code, 1);
    assert.match(r.err, /MicrosoftAppPassword is required/);
    assert.match(r.out, /Demo Primary School/);
  });

  it('prints its usage for --help and exits 0', async () => {
    const r = await run(['config', 'check', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /Usage: safeguard config check \[file\]/);
  });

  it('refuses an unknown option with exit code 2', async () => {
    const r = await run(['config', 'check', '--frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.err, /frobnicate/);
  });
});

describe('cli: commands and usage', () => {
  it('prints the usage with every command for --help and exits 0', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    for (const c of Object.values(commands)) assert.ok(r.out.includes(c.usage), c.usage);
  });

  it('says a command is unknown, prints the usage and exits 2', async () => {
    const r = await run(['drafts', 'frob']);
    assert.equal(r.code, 2);
    assert.match(r.err, /Unknown command: drafts frob/);
    assert.match(r.err, /Usage: safeguard <command>/);
  });

  it('prints the usage and exits 2 when no command is given', async () => {
    const r = await run([]);
    assert.equal(r.code, 2);
    assert.match(r.err, /Usage: safeguard <command>/);
  });

  it('runs a command added to the registry', async () => {
    commands['test hello'] = {
      usage: 'safeguard test hello <name>',
      summary: 'Says hello (test only).',
      run: async ({ io }, { positionals }) => {
        io.out(`hello ${positionals[0]}`);
        return 0;
      },
    };
    try {
      const r = await run(['test', 'hello', 'world']);
      assert.equal(r.code, 0);
      assert.equal(r.out, 'hello world');
    } finally {
      delete commands['test hello'];
    }
  });
});

describe('cli: safeguard config check for a trust (SCHOOLS_DIR)', () => {
  let dir: string;
  const oak = { id: 'oakfield', name: 'Oakfield Primary', domain: 'oakfield.example.org', channel: '19:oak@thread.tacv2', tenant: '11111111-0000-4000-8000-000000000001' };
  const birch = { id: 'birchwood', name: 'Birchwood Academy', domain: 'birchwood.example.org', channel: '19:birch@thread.tacv2', tenant: '22222222-0000-4000-8000-000000000002' };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-cli-trust-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("checks every school file and shows each school with where its records live", async () => {
    writeTrust([oak, birch], dir);
    const r = await run(['config', 'check'], { SCHOOLS_DIR: dir, DATABASE_URL: 'postgres://safeguard:secret@db.trust.example/safeguard' });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^2 schools in .*, each with its own records:/);
    assert.match(r.out, /\[birchwood\] +PostgreSQL .*schema school_birchwood[\s\S]*School: +Birchwood Academy/);
    assert.match(r.out, /\[oakfield\] +PostgreSQL .*schema school_oakfield[\s\S]*School: +Oakfield Primary/);
    assert.doesNotMatch(r.out, /secret/);
  });

  it('names each broken file and each clash between schools, and exits 1', async () => {
    writeTrust([oak, { ...birch, channel: oak.channel }], dir);
    fs.appendFileSync(path.join(dir, 'oakfield.yaml'), 'unknown_section: true\n');
    const r = await run(['config', 'check'], { SCHOOLS_DIR: dir });
    assert.equal(r.code, 1);
    assert.match(r.err, /the schools cannot be served as they are/);
    assert.match(r.err, /oakfield\.yaml/);
    const clash = await run(['config', 'check'], { SCHOOLS_DIR: writeTrust([oak, { ...birch, channel: oak.channel }], path.join(dir, 'clash')) });
    assert.equal(clash.code, 1);
    assert.match(clash.err, /the DSL channel teams:19:oak@thread\.tacv2 is also named by the school "birchwood"/);
  });
});
