/**
 * Every folder of src/ says what lives there, and what it says stays true: a newcomer opening a
 * folder reads its README first, so a README naming a file that moved would send them astray.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

function folders(dir: string): string[] {
  const subs = readdirSync(dir).map((n) => path.join(dir, n)).filter((p) => statSync(p).isDirectory());
  return [dir, ...subs.flatMap(folders)];
}

describe('docs: a README in every source folder', () => {
  const all = folders(path.join(ROOT, 'src'));

  it('finds a README in every folder under src/, headed with the folder it describes', () => {
    const missing = all.filter((d) => !existsSync(path.join(d, 'README.md')));
    assert.deepEqual(missing.map((d) => path.relative(ROOT, d)), []);
    for (const d of all) {
      const first = readFileSync(path.join(d, 'README.md'), 'utf8').split('\n')[0];
      assert.equal(first, `# ${path.relative(ROOT, d)}/`);
    }
  });

  it('names only files that exist, beside the README or from the repository root', () => {
    const broken: string[] = [];
    for (const d of all) {
      const text = readFileSync(path.join(d, 'README.md'), 'utf8');
      for (const [, name] of text.matchAll(/`([\w./-]+\.(?:ts|json|md))`/g)) {
        const here = path.join(d, name!);
        if (!existsSync(here) && !existsSync(path.join(ROOT, name!))) broken.push(`${path.relative(ROOT, d)}/README.md: ${name}`);
      }
      for (const [, name] of text.matchAll(/`([\w-]+\/)`/g)) {
        if (!existsSync(path.join(d, name!)) && !existsSync(path.join(ROOT, name!))) broken.push(`${path.relative(ROOT, d)}/README.md: ${name}`);
      }
    }
    assert.deepEqual(broken, []);
  });
});
