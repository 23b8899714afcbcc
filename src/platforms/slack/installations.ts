/**
 * Bolt's InstallationStore in our database (not memory, not files): each workspace install (team
 * id, or enterprise id for an org-wide install on Enterprise Grid) is stored bound to this school.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps';
import { isNamedWorkspace } from './workspaces';

/** An install as the store keeps it: a JSON object. */
const jsonObject = z.record(z.string(), z.unknown());
const named = z.looseObject({ id: z.string(), name: z.string().optional() });
/**
 * An install read back from the database, checked against what Bolt's Installation promises before
 * Bolt takes its tokens from it (a row written by hand or by an older version may lack them).
 */
const storedInstallation = z.looseObject({
  team: named.optional(),
  enterprise: named.optional(),
  user: z.looseObject({ token: z.string().optional(), refreshToken: z.string().optional(), expiresAt: z.number().optional(), scopes: z.array(z.string()).optional(), id: z.string() }),
  bot: z.looseObject({ token: z.string(), refreshToken: z.string().optional(), expiresAt: z.number().optional(), scopes: z.array(z.string()), id: z.string(), userId: z.string() }).optional(),
  incomingWebhook: z.looseObject({ url: z.string(), channel: z.string().optional(), channelId: z.string().optional(), configurationUrl: z.string().optional() }).optional(),
  appId: z.string().optional(),
  tokenType: z.literal('bot').optional(),
  enterpriseUrl: z.string().optional(),
  isEnterpriseInstall: z.boolean().optional(),
  authVersion: z.enum(['v1', 'v2']).optional(),
  metadata: z.string().optional(),
});
/** A stored row is an Installation when it passes the schema (an absent team or enterprise is an undefined one). */
function isInstallation(v: unknown): v is Installation<'v1' | 'v2', boolean> {
  return storedInstallation.safeParse(v).success;
}
/** Only the bot token, for sending: the rest of a row is not needed to post a message. */
const storedBotToken = z.looseObject({ bot: z.looseObject({ token: z.string() }).optional().catch(undefined) }).catch({ bot: undefined });

/** The storage key of an install or a query: `E:<enterprise>` for org-wide installs, else `T:<team>`. */
export function installKey(q: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string {
  if (q.isEnterpriseInstall && q.enterpriseId) return `E:${q.enterpriseId}`;
  if (q.teamId) return `T:${q.teamId}`;
  throw new Error('SLACK_INSTALL_KEY_MISSING');
}

/** An InstallationStore over the Store's slackInstallations repository. */
export function databaseInstallationStore(deps: CoreDeps): InstallationStore {
  // One school's records (with several schools, schoolsInstallationStore below picks the school first); installs are bound to it by name.
  const school = deps.school.name;
  return {
    async storeInstallation(installation) {
      const teamId = installation.team?.id ?? null;
      const enterpriseId = installation.enterprise?.id ?? null;
      const key = installKey({ isEnterpriseInstall: installation.isEnterpriseInstall, enterpriseId: enterpriseId ?? undefined, teamId: teamId ?? undefined });
      // /slack/install is for the school's own workspaces only (safeguarding_team.slack.team_id): a stranger's install must not reach its staff.
      if (!isNamedWorkspace(deps, { teamId, enterpriseId })) throw Object.assign(new Error('SLACK_WORKSPACE_NOT_ALLOWED'), { code: 'SLACK_WORKSPACE_NOT_ALLOWED' });
      await deps.store.slackInstallations.save({ key, teamId, enterpriseId, school, installation: jsonObject.parse(installation), installedAt: deps.clock.now() });
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const rec = await deps.store.slackInstallations.get(installKey(query));
      // A workspace bound to another school (or no longer named in the school file) is not ours to answer for.
      if (!rec || rec.school !== school) throw new Error('SLACK_INSTALLATION_NOT_FOUND');
      if (!isNamedWorkspace(deps, { teamId: rec.teamId, enterpriseId: rec.enterpriseId })) throw new Error('SLACK_FOREIGN_WORKSPACE');
      if (!isInstallation(rec.installation)) throw new Error('SLACK_INSTALLATION_UNREADABLE');
      return rec.installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await deps.store.slackInstallations.delete(installKey(query));
    },
  };
}

/**
 * Issue #10: the InstallationStore of a deployment serving several schools. Each install goes to the
 * one school whose file names its workspace (or org), into that school's own records; a workspace no
 * school names, or more than one does, is refused, as for one school.
 */
export function schoolsInstallationStore(schools: CoreDeps[]): InstallationStore {
  const stores = schools.map((deps) => ({ deps, store: databaseInstallationStore(deps) }));
  const of = (ids: { teamId?: string | null; enterpriseId?: string | null }) => {
    const named = stores.filter((s) => isNamedWorkspace(s.deps, ids));
    return named.length === 1 ? named[0].store : null;
  };
  return {
    async storeInstallation(installation) {
      const store = of({ teamId: installation.team?.id, enterpriseId: installation.enterprise?.id });
      if (!store) throw Object.assign(new Error('SLACK_WORKSPACE_NOT_ALLOWED'), { code: 'SLACK_WORKSPACE_NOT_ALLOWED' });
      await store.storeInstallation(installation);
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const store = of(query);
      if (!store) throw new Error('SLACK_INSTALLATION_NOT_FOUND');
      return store.fetchInstallation(query);
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await of(query)?.deleteInstallation?.(query);
    },
  };
}

/** The bot token for a workspace (or, with no team, the school's newest install), or null. */
export async function installedBotToken(deps: CoreDeps, teamId: string | null): Promise<string | null> {
  const recs = teamId ? [await deps.store.slackInstallations.get(`T:${teamId}`)] : await deps.store.slackInstallations.listBySchool(deps.school.name);
  const rec = recs.find((r) => r && r.school === deps.school.name);
  return rec ? (storedBotToken.parse(rec.installation).bot?.token ?? null) : null;
}
