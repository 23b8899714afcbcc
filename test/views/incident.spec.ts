import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { INCIDENT_STATUSES, type Incident } from '../../src/core/model';
import { STATUS_LABELS, summaryCard } from '../../src/views/incident';
import { EMAILS, testSchool } from '../helpers/school';
import { newIncident } from '../store/support/fixtures';
import { visibleLines } from '../cards/walk';

const school = testSchool();

function incident(over: Partial<Incident> = {}): Incident {
  return { ...newIncident({ reporterEmail: EMAILS.teacher, reportedAt: new Date('2026-12-02T10:15:00Z') }), id: '6f1e2d3c-4b5a-4968-8776-655443322110', reference: 'OS-2026-0007', version: 2, ...over };
}

/** Every .ts file under src/. */
function sources(dir = path.join(__dirname, '../../src')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('views: status labels', () => {
  it('words every status a concern can be in, each differently', () => {
    assert.deepEqual(Object.keys(STATUS_LABELS).sort(), [...INCIDENT_STATUSES].sort());
    assert.equal(new Set(Object.values(STATUS_LABELS)).size, INCIDENT_STATUSES.length);
  });

  for (const status of INCIDENT_STATUSES) {
    it(`shows a concern that is ${status} as "${STATUS_LABELS[status]}" on its card`, () => {
      const lines = visibleLines(summaryCard(school, incident({ status }), null)).join('\n');
      assert.ok(lines.includes(STATUS_LABELS[status]), lines);
    });
  }

  it('words statuses in one place only, so the Slack Home tab and the cards cannot drift apart', () => {
    const own = path.join(__dirname, '../../src/views/incident.ts');
    for (const file of sources().filter((f) => f !== own)) {
      const text = fs.readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /decision_proposed:\s*['"`]/, `${path.relative(process.cwd(), file)} has its own status labels`);
      assert.ok(!text.includes(STATUS_LABELS.reported), `${path.relative(process.cwd(), file)} words a status itself`);
    }
  });
});
