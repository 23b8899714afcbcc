import assert from 'node:assert/strict';
import { describeFailure, printable } from '../src/cli-errors';
import { ConfigError } from '../src/config';
import { main } from '../src/cli';

describe('cli: how a failure is printed', () => {
  it('shows control characters, bidi overrides and lone surrogates as \\u escapes, and cuts long text', () => {
    assert.equal(printable('a\u001b[31mb\u0007\u202e\ud800c'), 'a\\u001b[31mb\\u0007\\u202e\\ud800c');
    assert.equal(printable('x'.repeat(100), 10), `${'x'.repeat(10)}…`);
    assert.equal(printable('Helen Carter 😀'), 'Helen Carter 😀');
  });

  it('names an unreachable database in one coded line, without the driver\'s addresses or the password', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const aggregate = Object.assign(new AggregateError([refused], ''), {});
    for (const e of [refused, aggregate]) {
      const lines = describeFailure(e);
      assert.equal(lines.length, 1);
      assert.match(lines[0], /^safeguard: DATABASE_UNREACHABLE \(ECONNREFUSED\): the database could not be reached/);
      assert.doesNotMatch(lines[0], /127\.0\.0\.1|5432/);
    }
    assert.match(describeFailure(Object.assign(new Error('x'), { code: 'SQLITE_CANTOPEN' }))[0], /^safeguard: DATABASE_UNAVAILABLE \(SQLITE_CANTOPEN\)/);
  });

  it('prints our own errors as they are, and anything else as a code with no message (it may hold school data)', () => {
    assert.deepEqual(describeFailure(new ConfigError('Invalid configuration:\n  PORT must be a number')), ['Invalid configuration:', '  PORT must be a number']);
    const [line] = describeFailure(new TypeError("Cannot read properties of undefined (reading 'Sam Patel')"));
    assert.match(line, /^safeguard: COMMAND_FAILED \(TypeError\)/);
    assert.doesNotMatch(line, /Sam Patel/);
  });

  it('answers an unknown command typed with escape sequences without echoing them', async () => {
    const err: string[] = [];
    const code = await main(['fo\u001b]0;pwned\u0007o'], { out: () => undefined, err: (s) => err.push(s) }, {});
    assert.equal(code, 2);
    assert.equal(err[0], 'Unknown command: fo\\u001b]0;pwned\\u0007o');
    assert.ok(!err.join('\n').includes('\u001b'));
  });

  it('answers a command whose database refuses connections with exit 1 and the coded line', async () => {
    const err: string[] = [];
    const code = await main(['reminders', 'run', '--no-deliver'], { out: () => undefined, err: (s) => err.push(s) }, { DATABASE_URL: 'postgres://postgres:pw-secret@127.0.0.1:1/test', SCHOOL_CONFIG: 'config/demo-school.yaml', LOG_LEVEL: 'silent' });
    assert.equal(code, 1);
    assert.deepEqual(err, ['safeguard: DATABASE_UNREACHABLE (ECONNREFUSED): the database could not be reached. Check DATABASE_URL and that the database server is running.']);
  });
});
