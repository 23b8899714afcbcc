import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

describe('lint: the core never imports a platform SDK', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: process.cwd() });
  const errorsFor = async (code: string, filePath: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };

  it('refuses botbuilder, Bolt and the store inside src/core', async () => {
    assert.equal((await errorsFor("import { TurnContext } from 'botbuilder';\nexport const x = TurnContext;\n", 'src/core/routing/x.ts')).length, 1);
    assert.equal((await errorsFor("import { App } from '@slack/bolt';\nexport const x = App;\n", 'src/core/routing/x.ts')).length, 1);
    assert.equal((await errorsFor("import { DataSource } from 'typeorm';\nexport const x = DataSource;\n", 'src/core/routing/x.ts')).length, 1);
  });

  it('allows the same import in the Teams platform folder', async () => {
    assert.deepEqual(await errorsFor("import { TurnContext } from 'botbuilder';\nexport const x = TurnContext;\n", 'src/platforms/teams/x.ts'), []);
  });
});
