import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { COMMANDS, commandNamed, findCommand, helpText } from '../../src/actions/commands';
import { parse } from 'yaml';
import { isVerb } from '../../src/cards';

type CommandList = { scopes: string[]; commands: { title: string; description: string }[] };
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../manifest/teams/manifest.json'), 'utf8'));
const lists = manifest.bots[0].commandLists as CommandList[];

describe('actions: the chat-command table', () => {
  it('finds each command by its name, as the first word, with a slash or with markup around it', () => {
    for (const c of COMMANDS) {
      assert.equal(findCommand(c.name), c);
      assert.equal(findCommand(`  ${c.name.toUpperCase()} please `), c);
      assert.equal(findCommand(`/${c.name}`), c);
      assert.equal(findCommand(`<p>${c.name}</p>`), c);
    }
  });

  it('finds each command by every other spelling it declares', () => {
    for (const c of COMMANDS) for (const alias of c.aliases) assert.equal(findCommand(alias), c, alias);
    assert.equal(findCommand('My   Duties'), commandNamed('status'));
  });

  it('finds no command in a message that names none', () => {
    for (const typed of ['', 'hello', 'I am worried about a pupil', 'reports']) assert.equal(findCommand(typed), null, typed);
  });

  it('gives every spelling to one command only', () => {
    const spellings = COMMANDS.flatMap((c) => [c.name, ...c.aliases]);
    assert.equal(new Set(spellings).size, spellings.length);
  });

  it('opens only forms of registered verbs', () => {
    for (const c of COMMANDS.filter((c) => c.form)) assert.ok(isVerb(c.form), `${c.name} opens ${c.form}, which no card action handles`);
  });

  it('lists every command with its description in help, as the platform types it', () => {
    const text = helpText((name) => `<${name}>`);
    for (const c of COMMANDS) assert.ok(text.includes(`<${c.name}>: ${c.description}`), `help leaves out ${c.name}`);
    assert.match(text, /call 999/);
  });

  it('offers in the Teams 1:1 chat exactly the commands of the table, described as help describes them', () => {
    const personal = lists.filter((l) => l.scopes.includes('personal')).flatMap((l) => l.commands);
    assert.deepEqual(personal.map((c) => c.title).sort(), COMMANDS.map((c) => c.name).sort());
    for (const c of personal) assert.equal(c.description, commandNamed(c.title).description, c.title);
  });

  it('offers in Teams channels and group chats exactly the commands that may be typed there', () => {
    for (const list of lists.filter((l) => !l.scopes.includes('personal'))) {
      assert.deepEqual(list.commands.map((c) => c.title).sort(), COMMANDS.filter((c) => c.inChannel).map((c) => c.name).sort(), list.scopes.join(','));
    }
  });

  it('offers in Slack\'s /safeguard usage hint exactly the commands of the table', () => {
    const slack = parse(fs.readFileSync(path.join(__dirname, '../../manifest/slack/manifest.yml'), 'utf8')) as { features: { slash_commands: { command: string; usage_hint?: string }[] } };
    const hint = slack.features.slash_commands.find((c) => c.command === '/safeguard')?.usage_hint ?? '';
    assert.deepEqual(hint.replace(/[[\]]/g, '').split('|').map((w) => w.trim()).sort(), COMMANDS.map((c) => c.name).sort());
  });

  it('refuses to look up a command the table does not hold', () => {
    assert.throws(() => commandNamed('dance'), /no command dance/);
  });
});
