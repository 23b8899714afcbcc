import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
// The Teams schemas are JSON Schema draft-04, which core Ajv 8 dropped: ajv-draft-04 is Ajv with
// the draft-04 vocabulary (the validator @microsoft/app-manifest itself uses).
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { readPng } from './png';

const dir = path.join(__dirname, '..', '..', 'manifest', 'teams');
const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
const schemasDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
const schemaFile = (version: string) => path.join(schemasDir, 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');

interface CommandList {
  scopes: string[];
  commands: { title: string; description?: string }[];
}

describe('Teams app manifest', () => {
  it('is valid against the official schema of the manifest version it declares', () => {
    const file = schemaFile(manifest.manifestVersion);
    assert.ok(fs.existsSync(file), `no schema shipped for manifest version ${manifest.manifestVersion}`);
    const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
    const ajv = new Ajv04({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const ok = validate(manifest);
    assert.ok(ok, ajv.errorsText(validate.errors, { separator: '\n' }));
  });

  it('points $schema at the official URL for its manifest version', () => {
    assert.equal(manifest.$schema, `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
  });

  it('offers one bot in personal, team and group chats that does not take files', () => {
    assert.equal(manifest.bots.length, 1);
    const bot = manifest.bots[0];
    assert.deepEqual([...bot.scopes].sort(), ['groupChat', 'personal', 'team']);
    assert.equal(bot.supportsFiles, false);
    assert.match(bot.botId, /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i);
  });

  it('lists the report and help commands in every scope the bot is offered in', () => {
    const bot = manifest.bots[0];
    for (const scope of bot.scopes as string[]) {
      const lists = (bot.commandLists as CommandList[]).filter((l) => l.scopes.includes(scope));
      const titles = lists.flatMap((l) => l.commands.map((c) => c.title));
      assert.ok(titles.includes('report'), `no report command in scope ${scope}`);
      assert.ok(titles.includes('help'), `no help command in scope ${scope}`);
    }
  });

  it('keeps command titles and descriptions within what Teams shows (32 and 128 characters)', () => {
    for (const list of manifest.bots[0].commandLists as CommandList[]) {
      for (const c of list.commands) {
        assert.ok(c.title.length <= 32, c.title);
        assert.ok((c.description ?? '').length <= 128, c.description);
      }
    }
  });

  it('has a 192×192 colour icon', () => {
    const png = readPng(fs.readFileSync(path.join(dir, manifest.icons.color)));
    assert.equal(png.width, 192);
    assert.equal(png.height, 192);
  });

  it('has a 32×32 outline icon that is white on a transparent background', () => {
    const png = readPng(fs.readFileSync(path.join(dir, manifest.icons.outline)));
    assert.equal(png.width, 32);
    assert.equal(png.height, 32);
    assert.ok([4, 6].includes(png.colorType), `colour type ${png.colorType} has no alpha channel`);
    assert.equal(png.rows.length, 32, 'expected an 8-bit non-interlaced PNG');
    let transparent = 0;
    let drawn = 0;
    for (const row of png.rows) {
      for (let i = 0; i < row.length; i += png.channels) {
        const alpha = row[i + png.channels - 1];
        if (alpha === 0) transparent++;
        else {
          drawn++;
          const colour = [...row.subarray(i, i + png.channels - 1)];
          assert.ok(colour.every((v) => v === 255), `a visible pixel is not white: ${colour.join(',')}`);
        }
      }
    }
    assert.ok(transparent > 0, 'no transparent pixels');
    assert.ok(drawn > 0, 'nothing drawn');
  });
});
