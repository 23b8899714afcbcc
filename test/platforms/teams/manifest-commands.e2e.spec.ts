import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Harness, mark } from '../../helpers/bot-harness';

type CommandList = { scopes: string[]; commands: { title: string }[] };
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../manifest/teams/manifest.json'), 'utf8'));
const personal = (manifest.bots[0].commandLists as CommandList[]).filter((l) => l.scopes.includes('personal')).flatMap((l) => l.commands.map((c) => c.title));

describe('teams: the commands the app manifest offers', function () {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
    await h.say('teacher', 'hello');
  });
  after(async () => h.close());

  for (const command of personal.filter((c) => c !== 'help')) {
    it(`answers "${command}" in a 1:1 chat with something other than the general help`, async () => {
      if (command === 'cancel') await h.say('teacher', 'report');
      const since = mark(h);
      await h.say('teacher', command);
      const replies = h.fake.sent.filter((c) => c.seq > since && c.conversationId === h.dm('teacher') && c.status < 300);
      assert.ok(replies.length > 0, `no answer to ${command}`);
      for (const r of replies) assert.doesNotMatch(h.fake.textOf(r), /I record online-safety and safeguarding concerns/, `"${command}" fell through to the help text`);
    });
  }
});
