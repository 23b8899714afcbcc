import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FOUR_C_LABELS, KINDS } from '../src/core/incidents/kinds';

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

describe('README: kinds and triage', () => {
  it('lists every kind with its 4 C, whether it is serious, whether it pages and whether it brings the UKCIS step, as the catalogue says', () => {
    for (const k of KINDS) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${k.id}\` |`));
      assert.ok(row, `README has no row for ${k.id}`);
      const cells = row.split('|').map((c) => c.trim());
      assert.equal(cells[3], FOUR_C_LABELS[k.fourC], k.id);
      assert.equal(cells[4], k.serious ? 'yes' : '—', `${k.id} serious`);
      assert.equal(cells[5], k.pageNow ? '**yes**' : '—', `${k.id} pages now`);
      assert.equal(cells[6], k.sexualImagery ? 'yes' : '—', `${k.id} UKCIS`);
    }
  });
});
