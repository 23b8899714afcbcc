import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');
const security = fs.readFileSync(path.join(root, 'SECURITY.md'), 'utf8');

/** Expands `a/{teams,slack}/b` and `a/x.*.spec.ts` the way the file writes them into real paths. */
function expand(ref: string): string[] {
  const brace = /\{([^}]+)\}/.exec(ref);
  if (brace) return brace[1].split(',').flatMap((alt) => expand(ref.replace(brace[0], alt)));
  if (!ref.includes('*')) return [ref];
  const dir = path.dirname(ref);
  const re = new RegExp(`^${path.basename(ref).replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`);
  const hits = fs.readdirSync(path.join(root, dir)).filter((f) => re.test(f));
  return hits.length ? hits.map((f) => path.join(dir, f)) : [ref];
}

describe('SECURITY.md: every promise names a test that exists', () => {
  const refs = [...security.matchAll(/`((?:test|src)\/[^`\s]+)`/g)].map((m) => m[1]);

  it('names at least one test for each of its promises', () => {
    const sections = security.split(/^### /m).slice(1);
    for (const s of sections.filter((x) => /^\d\./.test(x) && !/^6\./.test(x)))
      assert.match(s, /`test\//, `promise "${s.split('\n')[0]}" names no test`);
  });

  it('points only at files and folders that are in the project', () => {
    assert.ok(refs.length > 10);
    for (const ref of refs) for (const p of expand(ref)) assert.ok(fs.existsSync(path.join(root, p)), `SECURITY.md names ${p}, which does not exist`);
  });

  it('is linked from the README', () => {
    assert.match(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), /\(SECURITY\.md\)/);
  });
});
