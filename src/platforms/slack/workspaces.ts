/**
 * Which Slack workspaces are this school's (identity is more than an email: a stranger can show a staff address). The school
 * file's `safeguarding_team.slack.team_id` list when given; otherwise, with one bot token, the
 * token's own workspace (auth.test, asked once when first needed), and with OAuth, the installs
 * bound to this school. A request from any other workspace reaches no listener.
 */
import { webApi } from '@slack/bolt';
import type { CoreDeps } from '../../core/deps';

/** The workspace (T…) and org (E…) ids the school file names, upper-cased; empty when it names none. */
export function namedWorkspaces(deps: CoreDeps): string[] {
  return (deps.school.file.safeguarding_team.slack?.team_id ?? []).map((t) => t.toUpperCase());
}

/** Whether a workspace or org id is one the school file names. */
export function isNamedWorkspace(deps: CoreDeps, ids: { teamId?: string | null; enterpriseId?: string | null }): boolean {
  const named = namedWorkspaces(deps);
  return [ids.teamId, ids.enterpriseId].some((id) => typeof id === 'string' && named.includes(id.toUpperCase()));
}

/** How long auth.test may take inside a request (Slack waits 3 s for the ack). */
export const AUTH_TEST_TIMEOUT_MS = 2000;

/** The single-token workspace check: the named list, else the token's own workspace. */
export class TokenWorkspace {
  private own: Promise<string[]> | null = null;

  constructor(
    private readonly deps: CoreDeps,
    private readonly token: string,
    private readonly slackApiUrl?: string,
  ) {}

  /** Whether a request from this workspace (or org) may be served. Fails closed when Slack cannot say. */
  async allows(ids: { teamId?: string | null; enterpriseId?: string | null }): Promise<boolean> {
    if (namedWorkspaces(this.deps).length > 0) return isNamedWorkspace(this.deps, ids);
    this.own ??= this.ask().catch((err: unknown) => {
      this.own = null; // ask again next time: a Slack outage must not lock the school out for good
      throw err;
    });
    const own = await this.own;
    return [ids.teamId, ids.enterpriseId].some((id) => typeof id === 'string' && own.includes(id.toUpperCase()));
  }

  private async ask(): Promise<string[]> {
    // Asked inside a request, before its ack: capped well inside Slack's 3 s so Slack never retries it, and failing closed.
    const client = new webApi.WebClient(this.token, { slackApiUrl: this.slackApiUrl, retryConfig: { retries: 0 }, timeout: AUTH_TEST_TIMEOUT_MS, logLevel: webApi.LogLevel.ERROR });
    const r = await client.auth.test();
    return [r.team_id, r.enterprise_id].filter((x): x is string => typeof x === 'string' && x.length > 0).map((x) => x.toUpperCase());
  }
}
