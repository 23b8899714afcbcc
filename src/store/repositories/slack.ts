/** Slack workspace installs (OAuth) and per-platform presence. Raw SQL: neither table needs an entity. */
import type { Platform } from '../../core/model';
import type { PresenceRepository, SlackInstallationRecord, SlackInstallationRepository } from '../../core/ports';
import { exec, type Db } from '../db';

interface InstallRow {
  install_key: string;
  team_id: string | null;
  enterprise_id: string | null;
  school: string;
  installation: string;
  installed_at: string | number;
}

const toRecord = (r: InstallRow): SlackInstallationRecord => ({
  key: r.install_key,
  teamId: r.team_id,
  enterpriseId: r.enterprise_id,
  school: r.school,
  installation: JSON.parse(r.installation) as Record<string, unknown>,
  installedAt: new Date(Number(r.installed_at)),
});

/** The Slack installation repository over `db`. */
export function slackInstallationRepository(db: Db): SlackInstallationRepository {
  return {
    save: (rec) =>
      db.atomic(async (em) => {
        // Delete-then-insert is one statement pair in one transaction: the same SQL on both engines.
        await exec(em, 'DELETE FROM slack_installations WHERE "install_key" = :key', { key: rec.key });
        await exec(
          em,
          'INSERT INTO slack_installations ("install_key", "team_id", "enterprise_id", "school", "installation", "installed_at") VALUES (:key, :teamId, :enterpriseId, :school, :installation, :at)',
          { key: rec.key, teamId: rec.teamId, enterpriseId: rec.enterpriseId, school: rec.school, installation: JSON.stringify(rec.installation), at: rec.installedAt.getTime() },
        );
      }),
    get: (key) =>
      db.run(async (em) => {
        const { rows } = await exec<InstallRow>(em, 'SELECT * FROM slack_installations WHERE "install_key" = :key', { key });
        return rows[0] ? toRecord(rows[0]) : null;
      }),
    delete: (key) =>
      db.run(async (em) => {
        await exec(em, 'DELETE FROM slack_installations WHERE "install_key" = :key', { key });
      }),
    listBySchool: (school) =>
      db.run(async (em) => {
        const { rows } = await exec<InstallRow>(em, 'SELECT * FROM slack_installations WHERE "school" = :school ORDER BY "installed_at" DESC, "install_key" ASC', { school });
        return rows.map(toRecord);
      }),
  };
}

/** The presence repository over `db`; emails are compared in lower case. */
export function presenceRepository(db: Db): PresenceRepository {
  return {
    touch: (email, platform, at) =>
      db.run(async (em) => {
        const params = { email: email.toLowerCase(), platform, at: at.getTime() };
        await exec(
          em,
          'INSERT INTO platform_presence ("email", "platform", "seen_at") VALUES (:email, :platform, :at) ON CONFLICT ("email", "platform") DO UPDATE SET "seen_at" = EXCLUDED."seen_at"',
          params,
        );
      }),
    lastUsed: (email) =>
      db.run(async (em) => {
        const { rows } = await exec<{ platform: Platform }>(em, 'SELECT "platform" FROM platform_presence WHERE "email" = :email ORDER BY "seen_at" DESC, "platform" ASC', { email: email.toLowerCase() });
        return rows.map((r) => r.platform);
      }),
  };
}

/** How long a repeated touch of the same person on the same platform is skipped. */
export const PRESENCE_TOUCH_EVERY_MS = 60_000;
const PRESENCE_REMEMBERED = 10_000;

/**
 * Presence with the per-turn write taken out: a person's touch on the platform this process last
 * saw them on is skipped for a minute (it only moves "seen at" on). A touch on another platform
 * is always written, so "the platform they used last" follows a switch at once. Only a throttle:
 * forgetting it (a restart) costs a write; with two instances the order can lag by at most the
 * window. It was one of the four statements of every wizard step (issue #10).
 */
export function throttledPresence(inner: PresenceRepository, windowMs = PRESENCE_TOUCH_EVERY_MS): PresenceRepository {
  const last = new Map<string, { platform: Platform; at: number }>();
  return {
    touch: async (email, platform, at) => {
      const key = email.toLowerCase();
      const seen = last.get(key);
      if (seen && seen.platform === platform && at.getTime() >= seen.at && at.getTime() - seen.at < windowMs) return;
      await inner.touch(email, platform, at);
      if (last.size >= PRESENCE_REMEMBERED) last.clear();
      last.set(key, { platform, at: at.getTime() });
    },
    lastUsed: (email) => inner.lastUsed(email),
  };
}
