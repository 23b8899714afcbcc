/**
 * Bolt's InstallationStore in our database (not memory, not files): each workspace install (team
 * id, or enterprise id for an org-wide install on Enterprise Grid) is stored bound to this school.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { CoreDeps } from '../../core/deps';
import { isNamedWorkspace } from './workspaces';

/** The storage key of an install or a query: `E:<enterprise>` for org-wide installs, else `T:<team>`. */
export function installKey(q: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string {
  if (q.isEnterpriseInstall && q.enterpriseId) return `E:${q.enterpriseId}`;
  if (q.teamId) return `T:${q.teamId}`;
  throw new Error('SLACK_INSTALL_KEY_MISSING');
}

/** An InstallationStore over the Store's slackInstallations repository. */
export function databaseInstallationStore(deps: CoreDeps): InstallationStore {
  // One process serves one school (its SCHOOL_CONFIG); installs are bound to it by name.
  const school = deps.school.name;
  return {
    async storeInstallation(installation) {
      const teamId = installation.team?.id ?? null;
      const enterpriseId = installation.enterprise?.id ?? null;
      const key = installKey({ isEnterpriseInstall: installation.isEnterpriseInstall, enterpriseId: enterpriseId ?? undefined, teamId: teamId ?? undefined });
      // /slack/install is for the school's own workspaces only (issue #8): safeguarding_team.slack.team_id.
      if (!isNamedWorkspace(deps, { teamId, enterpriseId })) throw Object.assign(new Error('SLACK_WORKSPACE_NOT_ALLOWED'), { code: 'SLACK_WORKSPACE_NOT_ALLOWED' });
      await deps.store.slackInstallations.save({ key, teamId, enterpriseId, school, installation: installation as unknown as Record<string, unknown>, installedAt: deps.clock.now() });
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const rec = await deps.store.slackInstallations.get(installKey(query));
      // A workspace bound to another school (or no longer named in the school file) is not ours to answer for.
      if (!rec || rec.school !== school) throw new Error('SLACK_INSTALLATION_NOT_FOUND');
      if (!isNamedWorkspace(deps, { teamId: rec.teamId, enterpriseId: rec.enterpriseId })) throw new Error('SLACK_FOREIGN_WORKSPACE');
      return rec.installation as unknown as Installation<'v1' | 'v2', boolean>;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await deps.store.slackInstallations.delete(installKey(query));
    },
  };
}

/** The bot token for a workspace (or, with no team, the school's newest install), or null. */
export async function installedBotToken(deps: CoreDeps, teamId: string | null): Promise<string | null> {
  const recs = teamId ? [await deps.store.slackInstallations.get(`T:${teamId}`)] : await deps.store.slackInstallations.listBySchool(deps.school.name);
  const rec = recs.find((r) => r && r.school === deps.school.name);
  const bot = (rec?.installation as { bot?: { token?: string } } | undefined)?.bot;
  return bot?.token ?? null;
}
