/** Turns duties on in a Teams harness's school (AUA and training, no grace period) and restarts the app on the same database. */
import fs from 'node:fs';
import path from 'node:path';
import type { Harness } from './bot-harness';

/** The moment every staff member's AUA and training fall due (the harness school's first sight is earlier). */
export const DUE_AT = '2026-11-23T10:00:00Z';

const DUTIES_YAML = `
duties:
  lead_days: [30, 7]
  new_staff_grace_days: 0
  escalate_after_days: 28
  aua:
    version: "2026-1"
    file: aua.md
    effective_from: 2026-09-01
`;

export async function withDuties(h: Harness): Promise<void> {
  fs.appendFileSync(path.join(h.dir, 'school.yaml'), DUTIES_YAML);
  fs.writeFileSync(path.join(h.dir, 'aua.md'), '# Staff AUA\n\nI will only use school systems for professional purposes.\n');
  await h.restart();
}
