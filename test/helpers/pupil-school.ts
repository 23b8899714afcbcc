/** A small school file with a `pupils:` section (issue #11), for the Graph sync tests. */
import { stringify } from 'yaml';

export function testSchoolYamlWithPupils(pupils: Record<string, unknown>): string {
  return stringify({
    school: { name: 'Graph Primary', timezone: 'Europe/London', reference_prefix: 'GP' },
    people: [
      { email: 'dana.dsl@school.test', name: 'Dana DSL', roles: ['dsl'] },
      { email: 'hana.head@school.test', name: 'Hana Head', roles: ['headteacher'] },
      { email: 'chris.chair@school.test', name: 'Chris Chair', roles: ['chair_of_governors'] },
      { email: 'val.vice@school.test', name: 'Val Vice', roles: ['staff'] },
    ],
    safeguarding_team: { teams: { channel_id: '19:dsl-team@thread.tacv2', tenant_id: '7e1d5a3c-0000-4000-8000-5afe9a4d0001' } },
    routes: { concern_about_chair: 'val.vice@school.test' },
    pupils,
  });
}
