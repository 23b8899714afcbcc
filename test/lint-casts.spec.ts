import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

describe('lint: the Slack platform has no casts that silence the type checker', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: process.cwd() });
  const errorsFor = async (code: string, filePath: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
  };

  it('refuses `as unknown as` and `as never` in the Slack and Teams platform code', async () => {
    const [unknownAs] = await errorsFor("export const body = JSON.parse('{}') as unknown as { user: string };\n", 'src/platforms/slack/x.ts');
    assert.match(unknownAs, /as unknown as.*zod/);
    assert.deepEqual(await errorsFor('export const view = {} as never;\n', 'src/platforms/slack/x.ts'), ['No `as never`: give the value the type the API asks for.']);
    assert.equal((await errorsFor('export const view = <never>{};\n', 'src/platforms/slack/x.ts')).length, 1);
    assert.equal((await errorsFor('export const ref = {} as never;\n', 'src/platforms/teams/x.ts')).length, 1);
  });

  it('allows a plain `as unknown`, and a zod parse, which hide nothing', async () => {
    assert.deepEqual(await errorsFor("export const raw = JSON.parse('{}') as unknown;\n", 'src/platforms/slack/x.ts'), []);
    assert.deepEqual(await errorsFor("import { z } from 'zod';\nexport const body = z.looseObject({ user: z.string() }).parse(JSON.parse('{}'));\n", 'src/platforms/slack/x.ts'), []);
  });

  it('passes every file of the platform code as it stands', async () => {
    const results = await eslint.lintFiles(['src/platforms/**/*.ts']);
    assert.ok(results.length > 5);
    assert.deepEqual(results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => `${r.filePath}:${m.line}`)), []);
  });
});
