import assert from 'node:assert/strict';
import { SlackHarness, type Who } from '../../helpers/slack-harness';
import { COMMANDS, commandNamed } from '../../../src/actions/commands';
import { slackUsage } from '../../../src/platforms/slack/interactions';

type Obj = Record<string, unknown>;
const HELP_INTRO = /I record online-safety and safeguarding concerns/;
/** Commands whose form only the safeguarding team is shown (anyone else is told so): typed here by the DSL. */
const TEAM_FORMS: ReadonlySet<string> = new Set(['concerns', 'chronology']);

/** /safeguard <text>, typed in a public channel. */
async function safeguard(h: SlackHarness, who: Who, text: string): Promise<void> {
  const form = new URLSearchParams({ command: '/safeguard', text, user_id: h.ids[who], team_id: 'T1', channel_id: 'CGENERAL', trigger_id: `trigger-cmd-${text}-${Date.now()}`, response_url: 'http://127.0.0.1:9/unused' });
  assert.equal((await h.post(form.toString(), 'application/x-www-form-urlencoded')).status, 200);
}

describe('slack: every chat command of the table', function () {
  let h: SlackHarness;
  before(async () => {
    h = await SlackHarness.start();
  });
  after(async () => h.close());

  for (const command of COMMANDS) {
    it(`runs /safeguard ${command.name}${command.form ? `, opening the form that submits ${command.form} in a modal` : ', answering privately'}`, async () => {
      const m = h.fake.mark();
      await safeguard(h, TEAM_FORMS.has(command.name) ? 'dsl' : 'teacher', command.name);
      const calls = h.fake.since(m).filter((c) => (c.method.startsWith('chat.') || c.method.startsWith('views.')) && !c.error);
      assert.ok(calls.length > 0, `no answer to ${command.name}`);
      if (command.form) {
        assert.equal(calls[0].method, 'views.open', 'the modal opens first, while the trigger lives');
        const shown = calls.filter((c) => c.method === 'views.update').map((c) => JSON.parse(String((c.args.view as Obj).private_metadata)) as { v?: string });
        assert.ok(shown.some((meta) => meta.v === command.form), `${command.name} did not show its form`);
        return;
      }
      const texts = calls.map((c) => String(c.args.text ?? ''));
      assert.ok(calls.every((c) => c.method === 'chat.postEphemeral' || (c.method === 'chat.postMessage' && c.args.channel === h.dm('teacher'))), 'answered only to the person');
      if (command.name === 'help') assert.match(texts.join('\n'), HELP_INTRO);
      else for (const t of texts) assert.doesNotMatch(t, HELP_INTRO, `"${command.name}" fell through to the help text`);
    });
  }

  it('lists every command of the table in /safeguard help, as it is typed on Slack', async () => {
    const m = h.fake.mark();
    await safeguard(h, 'teacher', 'help');
    const text = h.fake.since(m).filter((c) => c.method === 'chat.postEphemeral').map((c) => String(c.args.text)).join('\n');
    for (const c of COMMANDS) assert.ok(text.includes(`${slackUsage(c.name)}: ${c.description}`), `help leaves out ${c.name}`);
  });

  it('lists every command of the table when someone writes to the bot directly', async () => {
    const m = h.fake.mark();
    await h.event({ type: 'message', channel_type: 'im', channel: h.dm('tara'), user: h.ids.tara, text: 'hello', ts: '7.1' }, 'Ev-dm-help');
    const text = h.fake.since(m).filter((c) => c.method === 'chat.postMessage' && c.args.channel === h.dm('tara')).map((c) => String(c.args.text)).join('\n');
    for (const c of COMMANDS) assert.ok(text.includes(`${slackUsage(c.name)}: ${c.description}`), `the DM help leaves out ${c.name}`);
  });

  it('runs the report command of the table on /report', async () => {
    const m = h.fake.mark();
    await h.slash('tara', '/report');
    const updates = h.fake.since(m).filter((c) => c.method === 'views.update').map((c) => JSON.parse(String((c.args.view as Obj).private_metadata)) as { v?: string });
    assert.ok(updates.some((meta) => meta.v === commandNamed('report').form));
  });
});
