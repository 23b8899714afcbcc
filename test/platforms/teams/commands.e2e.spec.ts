import assert from 'node:assert/strict';
import { Harness, TEAM_ID, mark } from '../../helpers/bot-harness';
import { COMMANDS } from '../../../src/actions/commands';

/** Every Action.Execute verb in a card. */
function verbsIn(card: unknown): string[] {
  const found: string[] = [];
  const walk = (n: unknown) => {
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.Execute' && typeof o.verb === 'string') found.push(o.verb);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
}

const HELP_INTRO = /I record online-safety and safeguarding concerns/;
/** Commands whose form only the safeguarding team is shown (anyone else is told so): typed here by the DSL. */
const TEAM_FORMS: ReadonlySet<string> = new Set(['concerns', 'chronology']);

describe('teams: every chat command of the table', function () {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
    await h.say('teacher', 'hello');
  });
  after(async () => h.close());

  const repliesTo = (conversationId: string, since: number) => h.fake.sent.filter((c) => c.seq > since && c.conversationId === conversationId && c.status < 300 && (c.kind === 'reply' || c.kind === 'send'));

  for (const command of COMMANDS) {
    it(`answers "${command.name}" in a 1:1 chat with what it does${command.form ? `, the form that submits ${command.form}` : ''}`, async () => {
      const since = mark(h);
      const who = TEAM_FORMS.has(command.name) ? 'dsl' : 'teacher';
      await h.say(who, command.name);
      const replies = repliesTo(h.dm(who), since);
      assert.ok(replies.length > 0, `no answer to ${command.name}`);
      const texts = replies.map((r) => h.fake.textOf(r));
      if (command.name === 'help') assert.ok(texts.some((t) => HELP_INTRO.test(t)));
      else for (const t of texts) assert.doesNotMatch(t, HELP_INTRO, `"${command.name}" fell through to the help text`);
      if (command.form) assert.ok(h.fake.cardsIn(h.dm(who)).slice(-replies.length).some((card: unknown) => verbsIn(card).includes(command.form!)), `${command.name} did not show its form`);
    });
  }

  it('lists every command of the table in help, with what each does', async () => {
    const since = mark(h);
    await h.say('teacher', 'help');
    const text = repliesTo(h.dm('teacher'), since).map((r) => h.fake.textOf(r)).join('\n');
    for (const c of COMMANDS) assert.ok(text.includes(`**${c.name}**: ${c.description}`), `help leaves out ${c.name}`);
  });

  it('answers something that is no command with help', async () => {
    const since = mark(h);
    await h.say('teacher', 'what can you do?');
    assert.match(repliesTo(h.dm('teacher'), since).map((r) => h.fake.textOf(r)).join('\n'), HELP_INTRO);
  });

  for (const command of COMMANDS.filter((c) => c.inChannel)) {
    it(`takes "${command.name}" typed in a channel to the person's 1:1 chat, saying only that in the channel`, async () => {
      const since = mark(h);
      await h.mentionInChannel('tara', command.name);
      assert.deepEqual(repliesTo(TEAM_ID, since).map((r) => h.fake.textOf(r)), ["I've sent you a private message."]);
      const created = h.fake.sent.find((c) => c.seq > since && c.kind === 'create');
      assert.ok(created, 'a 1:1 chat was opened');
      const chat = String((created.response as { id: string }).id);
      const texts = h.fake.sent.filter((c) => c.seq > since && c.conversationId === chat).map((c) => h.fake.textOf(c));
      if (command.name === 'help') assert.match(texts.join('\n'), HELP_INTRO);
      if (command.form) assert.ok(h.fake.cardsIn(chat).some((card: unknown) => verbsIn(card).includes(command.form!)), `${command.name} did not show its form in the 1:1 chat`);
    });
  }

  for (const command of COMMANDS.filter((c) => !c.inChannel)) {
    it(`says nothing in a channel to "${command.name}", which is answered only in a 1:1 chat`, async () => {
      const since = mark(h);
      await h.mentionInChannel('tara', command.name);
      assert.deepEqual(h.fake.sent.filter((c) => c.seq > since && c.kind !== 'member'), []);
    });
  }
});
