import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, teamsMode } from '../../src/config';
import { demoMayInitialise } from '../../src/store';
import { SchoolConfigError } from '../../src/core/people/load-school';
import { loadSchools, oneSchool, pickSchool, schoolDatabaseUrl, schoolFiles } from '../../src/host/schools';
import { writeTrust, type TrustSchool } from '../helpers/trust';

const OAK: TrustSchool = { id: 'oakfield', name: 'Oakfield Primary', domain: 'oakfield.example.org', channel: '19:oak-dsl@thread.tacv2', tenant: '11111111-0000-4000-8000-000000000001' };
const BIRCH: TrustSchool = { id: 'birchwood-academy', name: 'Birchwood Academy', domain: 'birchwood.example.org', channel: '19:birch-dsl@thread.tacv2', tenant: '22222222-0000-4000-8000-000000000002' };

function configFor(dir: string, extra: Record<string, string> = {}) {
  return loadConfig({ SCHOOLS_DIR: dir, DATABASE_URL: `sqlite:${path.join(dir, 'db', 'safeguard.sqlite')}`, LOG_LEVEL: 'silent', ...extra });
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SchoolConfigError, `expected a SchoolConfigError, got ${String(e)}`);
    return e.message;
  }
  assert.fail('expected the schools to be refused');
}

describe('host: the schools one deployment serves', () => {
  const dirs: string[] = [];
  const trust = (schools: TrustSchool[]) => {
    const d = writeTrust(schools);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('serves one school from SCHOOL_CONFIG on DATABASE_URL itself when SCHOOLS_DIR is not set', () => {
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const [only, ...rest] = loadSchools(config);
    assert.equal(rest.length, 0);
    assert.equal(only.school.name, 'Demo Primary School');
    assert.equal(only.databaseUrl, config.DATABASE_URL);
  });

  it('takes every school file in SCHOOLS_DIR, in name order, each named by its file', () => {
    const dir = trust([OAK, BIRCH]);
    fs.writeFileSync(path.join(dir, 'README.txt'), 'not a school');
    const entries = loadSchools(configFor(dir));
    assert.deepEqual(entries.map((e) => [e.id, e.school.name]), [['birchwood-academy', 'Birchwood Academy'], ['oakfield', 'Oakfield Primary']]);
  });

  it("keeps each school's records in its own SQLite file beside DATABASE_URL's", () => {
    const dir = trust([OAK, BIRCH]);
    const urls = loadSchools(configFor(dir)).map((e) => e.databaseUrl);
    assert.deepEqual(urls, [`sqlite:${path.join(dir, 'db', 'safeguard.birchwood-academy.sqlite')}`, `sqlite:${path.join(dir, 'db', 'safeguard.oakfield.sqlite')}`]);
  });

  it("keeps each school's records in its own PostgreSQL schema, under the URL's schema when it names one", () => {
    assert.equal(schoolDatabaseUrl('postgres://u:p@db.example:5432/safeguard', 'birchwood-academy', true), 'postgres://u:p@db.example:5432/safeguard?schema=school_birchwood_academy');
    assert.equal(schoolDatabaseUrl('postgres://u@db/safeguard?schema=trust&sslmode=require', 'oakfield', true), 'postgres://u@db/safeguard?schema=trust_oakfield&sslmode=require');
    assert.equal(schoolDatabaseUrl('postgres://u@db/safeguard', 'oakfield', false), 'postgres://u@db/safeguard');
  });

  it('refuses a school file whose name cannot be a school id, naming the file', () => {
    const dir = trust([OAK]);
    fs.writeFileSync(path.join(dir, 'St Mary’s.yaml'), 'school: {}\n');
    const message = refusal(() => schoolFiles(configFor(dir)));
    assert.match(message, /St Mary’s\.yaml: the file name is the school's id, so it must be lower-case letters, digits and hyphens/);
  });

  it('refuses two files that give the same school id', () => {
    const dir = trust([OAK]);
    fs.writeFileSync(path.join(dir, 'oakfield.yml'), fs.readFileSync(path.join(dir, 'oakfield.yaml')));
    assert.match(refusal(() => schoolFiles(configFor(dir))), /another file \(oakfield\.yaml\) already gives the school id "oakfield"/);
  });

  it('says so when SCHOOLS_DIR is missing, is a file, or holds no school file', () => {
    const dir = trust([]);
    assert.match(refusal(() => schoolFiles(configFor(path.join(dir, 'nope')))), /does not exist: set it to the folder of your school files/);
    fs.writeFileSync(path.join(dir, 'a-file'), '');
    assert.match(refusal(() => schoolFiles(configFor(path.join(dir, 'a-file')))), /is a file, not a folder/);
    assert.match(refusal(() => schoolFiles(configFor(dir))), /holds no school file \(\*\.yaml\)/);
  });

  it("reports every school's own problems at once, each under its file", () => {
    const dir = trust([OAK, BIRCH]);
    fs.writeFileSync(path.join(dir, 'oakfield.yaml'), fs.readFileSync(path.join(dir, 'oakfield.yaml'), 'utf8').replace('timezone: Europe/London', 'timezone: Mars/Olympus'));
    fs.writeFileSync(path.join(dir, 'birchwood-academy.yaml'), fs.readFileSync(path.join(dir, 'birchwood-academy.yaml'), 'utf8').replace('reference_prefix: BIR', 'reference_prefix: b1'));
    const message = refusal(() => loadSchools(configFor(dir)));
    assert.match(message, /oakfield\.yaml[\s\S]*IANA time zone/);
    assert.match(message, /birchwood-academy\.yaml[\s\S]*2–6 capital letters/);
  });

  it('refuses two schools that name the same DSL channel: a concern could reach the other school', () => {
    const dir = trust([OAK, { ...BIRCH, channel: OAK.channel }]);
    assert.match(refusal(() => loadSchools(configFor(dir))), /oakfield\.yaml: the DSL channel teams:19:oak-dsl@thread\.tacv2 is also named by the school "birchwood-academy"/);
  });

  it('refuses two schools that claim the same Teams team or Slack workspace', () => {
    const dir = trust([
      { ...OAK, teamIds: ['19:trust-staff@thread.tacv2'], slack: { channel: 'C0OAK', teamId: 'T0SHARED' } },
      { ...BIRCH, teamIds: ['19:trust-staff@thread.tacv2'], slack: { channel: 'C0BIRCH', teamId: 'T0SHARED' } },
    ]);
    const message = refusal(() => loadSchools(configFor(dir)));
    assert.match(message, /the Teams team 19:trust-staff@thread\.tacv2 is also named by the school "birchwood-academy"/);
    assert.match(message, /the Slack workspace T0SHARED is also named by the school "birchwood-academy"/);
  });

  it('requires each school to name its Teams tenant when several share the deployment (else it would take any tenant)', () => {
    const dir = trust([OAK, { ...BIRCH, tenant: undefined }]);
    assert.equal(loadSchools(configFor(dir)).length, 2, 'with Teams off, no tenant is needed');
    assert.match(refusal(() => loadSchools(configFor(dir, { TEAMS_ALLOW_UNAUTHENTICATED: '1' }))), /birchwood-academy\.yaml: safeguarding_team\.teams\.tenant_id is required when several schools share this deployment/);
  });

  it('requires a Slack workspace per school, and OAuth rather than one bot token, when several schools use Slack', () => {
    const dir = trust([{ ...OAK, slack: { channel: 'C0OAK', teamId: 'T0OAK' } }, { ...BIRCH, slack: { channel: 'C0BIRCH' } }]);
    const config = configFor(dir, { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' });
    const message = refusal(() => loadSchools(config, { slackOn: true }));
    assert.match(message, /birchwood-academy\.yaml: safeguarding_team\.slack\.team_id is required/);
    assert.match(message, /SLACK_BOT_TOKEN is one workspace's token, but 2 schools use Slack \(birchwood-academy, oakfield\): set up Slack OAuth/);
  });

  it('refuses the demo school among the schools when NODE_ENV is production', () => {
    const dir = trust([]);
    for (const f of ['demo-school.yaml', 'aua-demo.md']) fs.copyFileSync(path.join(__dirname, '..', '..', 'config', f), path.join(dir, f));
    assert.equal(loadSchools(configFor(dir)).length, 1);
    const production = { ...configFor(dir), NODE_ENV: 'production' as const };
    assert.match(refusal(() => loadSchools(production)), /demo-school\.yaml: the demo school cannot be served when NODE_ENV is production/);
  });

  it('asks which school a one-school command is for when there are several, and names the schools', () => {
    const dir = trust([OAK, BIRCH]);
    const entries = loadSchools(configFor(dir));
    assert.match(refusal(() => pickSchool(entries, undefined)), /SCHOOLS_DIR serves 2 schools \(birchwood-academy, oakfield\): say which with --school <id>/);
    assert.match(refusal(() => pickSchool(entries, 'elmtree')), /No school "elmtree" here: the schools are birchwood-academy, oakfield/);
    assert.equal(oneSchool(configFor(dir), 'oakfield').school.name, 'Oakfield Primary');
    assert.equal(pickSchool(entries.slice(0, 1), undefined).id, 'birchwood-academy');
  });

  it('lets only SCHOOLS_DIR stand in for the demo: no loopback trial and no automatic database for a trust', () => {
    const dir = trust([OAK]);
    const config = configFor(dir);
    // SCHOOL_CONFIG still defaults to the demo file; SCHOOLS_DIR must not inherit the demo's conveniences.
    assert.match(config.SCHOOL_CONFIG, /demo-school\.yaml$/);
    assert.equal(teamsMode(config), 'off');
    assert.equal(demoMayInitialise({ ...config, DATABASE_URL: loadConfig({}).DATABASE_URL }), false);
    assert.equal(demoMayInitialise(loadConfig({})), true);
  });
});
