/** A small school for tests: one person per role, plus ordinary staff. */
import { School, schoolSchema } from '../../src/core/people/school';

export const EMAILS = {
  dsl: 'dana.dsl@school.test',
  deputy1: 'dev.deputy@school.test',
  deputy2: 'dee.deputy@school.test',
  osl: 'olly.osl@school.test',
  head: 'hana.head@school.test',
  chair: 'chris.chair@school.test',
  vice: 'val.vice@school.test',
  governor: 'gina.gov@school.test',
  ict: 'ian.ict@school.test',
  teacher: 'tom.teacher@school.test',
  teacher2: 'tara.teacher@school.test',
} as const;

/** Builds the test school; `overrides` replaces top-level sections. */
export function testSchool(overrides: Record<string, unknown> = {}): School {
  return new School(
    schoolSchema.parse({
      school: { name: 'Test Primary', timezone: 'Europe/London', reference_prefix: 'OS' },
      people: [
        { email: EMAILS.dsl, name: 'Dana DSL', roles: ['dsl'] },
        { email: EMAILS.deputy1, name: 'Dev Deputy', roles: ['deputy_dsl'] },
        { email: EMAILS.deputy2, name: 'Dee Deputy', roles: ['deputy_dsl'] },
        { email: EMAILS.osl, name: 'Olly OSL', roles: ['online_safety_lead'] },
        { email: EMAILS.head, name: 'Hana Head', roles: ['headteacher'] },
        { email: EMAILS.chair, name: 'Chris Chair', roles: ['chair_of_governors'] },
        { email: EMAILS.vice, name: 'Val Vice', roles: ['staff'] },
        { email: EMAILS.governor, name: 'Gina Gov', roles: ['online_safety_governor'] },
        { email: EMAILS.ict, name: 'Ian ICT', roles: ['ict_lead'] },
        { email: EMAILS.teacher, name: 'Tom Teacher', roles: ['staff'] },
        { email: EMAILS.teacher2, name: 'Tara Teacher', roles: ['staff'] },
      ],
      safeguarding_team: { teams: { channel_id: '19:dsl-team@thread.tacv2' } },
      routes: { concern_about_chair: EMAILS.vice },
      reporting: { urgent_acknowledge_minutes: 15, draft_expiry_hours: 72 },
      ...overrides,
    }),
  );
}
