import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/cli';
import { FakeClock } from '../helpers/clock';
import { loadSchool, SchoolConfigError } from '../../src/core/people/load-school';

const DEMO = fs.readFileSync(path.join(__dirname, '..', '..', 'config', 'demo-school.yaml'), 'utf8');

describe('hostile: configuration that cannot mislead (school file)', function () {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-school-'));
    fs.writeFileSync(path.join(dir, 'aua-demo.md'), '# AUA\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Writes the demo school with one edit; returns the problems loadSchool reports (file:line:col). */
  function problems(from: string, to: string): string {
    assert.ok(DEMO.includes(from), `the demo school has no ${from}`);
    const file = path.join(dir, 'school.yaml');
    fs.writeFileSync(file, DEMO.replace(from, to));
    try {
      loadSchool(file);
    } catch (e) {
      assert.ok(e instanceof SchoolConfigError);
      return e.message;
    }
    return '';
  }

  const line = (from: string) => DEMO.slice(0, DEMO.indexOf(from)).split('\n').length;

  it('refuses routes.concern_about_chair naming the chair of governors, at its line', () => {
    const from = 'concern_about_chair: margaret.lee@demo-school.example';
    const msg = problems(from, 'concern_about_chair: Richard.Evans@demo-school.example');
    assert.match(msg, new RegExp(`school\\.yaml:${line(from)}:\\d+ routes\\.concern_about_chair names the chair of governors`));
  });

  it('refuses an AUA file outside the config folder, or one that is not there', () => {
    const from = 'file: aua-demo.md';
    assert.match(problems(from, 'file: ../../../etc/passwd'), new RegExp(`:${line(from)}:\\d+ duties\\.aua\\.file must be a file inside the school file's folder`));
    assert.match(problems(from, 'file: /etc/passwd'), /duties\.aua\.file must be a file inside/);
    assert.match(problems(from, 'file: missing-aua.md'), /duties\.aua\.file was not found next to the school file/);
    fs.symlinkSync('/etc/hostname', path.join(dir, 'sneaky.md'));
    assert.match(problems(from, 'file: sneaky.md'), /duties\.aua\.file/);
  });

  it('refuses a Teams service_url that is not https (http only on loopback)', () => {
    const from = '# service_url: https://smba.trafficmanager.net/uk/';
    assert.match(problems(from, 'service_url: http://smba.attacker.example/uk/'), new RegExp(`:${line(from)}:\\d+ safeguarding_team\\.teams\\.service_url must be an https:// URL`));
    assert.equal(problems(from, 'service_url: http://127.0.0.1:3979/'), '');
    assert.equal(problems(from, 'service_url: https://smba.trafficmanager.net/uk/'), '');
  });

  it('refuses a school with no DSL channel on any platform', () => {
    const start = DEMO.indexOf('safeguarding_team:\n');
    const end = DEMO.indexOf('\nroutes:');
    const file = path.join(dir, 'school.yaml');
    fs.writeFileSync(file, `${DEMO.slice(0, start)}safeguarding_team: {}\n${DEMO.slice(end)}`);
    assert.throws(() => loadSchool(file), /school\.yaml:\d+:\d+ safeguarding_team names no DSL team channel/);
  });

  it('config check reports each problem with file:line:col and exits 1', async () => {
    const file = path.join(dir, 'school.yaml');
    fs.writeFileSync(file, DEMO.replace('concern_about_chair: margaret.lee@demo-school.example', 'concern_about_chair: richard.evans@demo-school.example').replace('file: aua-demo.md', 'file: ../secret.md'));
    const r = await runCli({ clock: new FakeClock(), cliEnv: () => ({ LOG_LEVEL: 'silent' }) }, ['config', 'check', file]);
    assert.equal(r.code, 1);
    assert.match(r.err, /school\.yaml:\d+:\d+ routes\.concern_about_chair names the chair/);
    assert.match(r.err, /school\.yaml:\d+:\d+ duties\.aua\.file must be a file inside/);
  });
});
