/**
 * A multi-academy trust for tests (issue #10): a SCHOOLS_DIR folder with one school file per school,
 * each with its own DSL, headteacher, chair and staff, its own DSL channel and Microsoft 365 tenant.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TrustSchool {
  /** The file name without .yaml: the school's id. */
  id: string;
  name: string;
  /** Staff email domain, e.g. oakfield.example.org. */
  domain: string;
  /** The DSL channel on Teams (19:…@thread.tacv2); omitted: the school is on Slack only. */
  channel?: string;
  /** Teams tenant id(s); omitted: none named. */
  tenant?: string;
  teamIds?: string[];
  emailDomains?: string[];
  serviceUrl?: string;
  slack?: { channel: string; teamId?: string };
  /** Extra people (email, name, roles). */
  extra?: { email: string; name: string; roles: string[] }[];
}

/** The people every trust school has, by handle: `<handle>@<domain>`. */
export const TRUST_PEOPLE = {
  dsl: { name: 'DSL', roles: ['dsl'] },
  head: { name: 'Head', roles: ['headteacher'] },
  chair: { name: 'Chair', roles: ['chair_of_governors'] },
  vice: { name: 'Vice Chair', roles: ['staff'] },
  teacher: { name: 'Teacher', roles: ['staff'] },
} as const;

/** The school file of one trust school. */
export function trustSchoolYaml(s: TrustSchool): string {
  const people = [
    ...Object.entries(TRUST_PEOPLE).map(([h, p]) => ({ email: `${h}@${s.domain}`, name: `${s.name} ${p.name}`, roles: [...p.roles] as string[] })),
    ...(s.extra ?? []),
  ]
    .map((p) => `  - email: ${p.email}\n    name: ${p.name}\n    roles: [${p.roles.join(', ')}]`)
    .join('\n');
  const teams = !s.channel ? [] : [
    `  teams:`,
    `    channel_id: "${s.channel}"`,
    ...(s.serviceUrl ? [`    service_url: ${s.serviceUrl}`] : []),
    ...(s.tenant ? [`    tenant_id: ${s.tenant}`] : []),
    ...(s.teamIds ? [`    team_ids: [${s.teamIds.map((t) => `"${t}"`).join(', ')}]`] : []),
    ...(s.emailDomains ? [`    email_domains: [${s.emailDomains.join(', ')}]`] : []),
  ];
  const slack = s.slack ? [`  slack:`, `    channel_id: ${s.slack.channel}`, ...(s.slack.teamId ? [`    team_id: ${s.slack.teamId}`] : [])] : [];
  return [
    `school:`,
    `  name: ${s.name}`,
    `  timezone: Europe/London`,
    `  reference_prefix: ${s.id.replace(/[^a-z]/g, '').slice(0, 3).toUpperCase().padEnd(2, 'X')}`,
    `people:`,
    people,
    `safeguarding_team:`,
    ...teams,
    ...slack,
    `routes:`,
    `  concern_about_chair: vice@${s.domain}`,
    `reporting:`,
    `  urgent_acknowledge_minutes: 15`,
    `  draft_expiry_hours: 72`,
    ``,
  ].join('\n');
}

/** Writes a SCHOOLS_DIR with these schools in a new temporary folder; returns the folder. */
export function writeTrust(schools: TrustSchool[], dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safeguard-trust-'))): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const s of schools) fs.writeFileSync(path.join(dir, `${s.id}.yaml`), trustSchoolYaml(s));
  return dir;
}
