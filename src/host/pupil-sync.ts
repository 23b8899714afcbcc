/**
 * Issue #11: the school's pupils from Microsoft Graph (education API), the scheduled alternative to
 * `safeguard pupils import`. Pages are followed by `@odata.nextLink`; a 429 waits its Retry-After and
 * asks again; the whole result is then applied as one import (./../core/pupils/ports.ts), so pupils
 * no longer listed are marked as left. A sync that would mark most of the school as left (Graph
 * answering an empty or partial list, a wrong school id) is refused and changes nothing.
 */
import { graphReadSettings, type Config } from '../config';
import type { CoreDeps } from '../core/deps';
import { localDate } from '../core/duties/dates';
import { pupilFromGraph } from '../core/pupils/graph';
import type { PupilImportResult, PupilRow } from '../core/pupils/model';
import { GraphClient, GraphError, graphCredential } from '../platforms/teams/graph';
import { randomUUID } from 'node:crypto';

/** A 429 is waited out at most this many times a page, and at most this long each time. */
const MAX_WAITS = 5;
const MAX_WAIT_MS = 60_000;
/** A sync that would mark more than this share of the pupils on roll as left is refused. */
export const MAX_LEFT_SHARE = 0.5;

export class PupilSyncError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export interface PupilSyncResult extends PupilImportResult {
  /** Entries Graph returned that are not pupils' shape (no id or name): skipped, counted. */
  malformed: number;
  /** 429 answers waited out. */
  throttled: number;
}

/** Whether the school syncs pupils from Graph and Graph credentials are configured. */
export function pupilSyncOn(config: Config, deps: CoreDeps): boolean {
  return Boolean(deps.school.file.pupils?.graph_sync) && graphReadSettings(config) !== null;
}

/** One sync now; throws PupilSyncError (nothing changed) when Graph cannot be read or the result looks wrong. */
export async function syncPupilsFromGraph(config: Config, deps: CoreDeps, o: { sleep?: (ms: number) => Promise<void> } = {}): Promise<PupilSyncResult> {
  const settings = graphReadSettings(config);
  if (!settings) throw new PupilSyncError('PUPIL_SYNC_NO_GRAPH', 'Microsoft Graph is not configured: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (or a certificate, or a managed identity).');
  const withCatalog = { ...settings, catalogAppId: '' };
  const client = new GraphClient(withCatalog, graphCredential(withCatalog), config.OUTBOUND_TIMEOUT_MS);
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const today = localDate(deps.clock.now(), deps.school.timezone);
  const rows = new Map<string, PupilRow>();
  let malformed = 0;
  let throttled = 0;
  let from: Parameters<GraphClient['educationUsersPage']>[0] = { schoolId: deps.school.file.pupils?.graph_school_id };
  for (;;) {
    let page: Awaited<ReturnType<GraphClient['educationUsersPage']>> | null = null;
    for (let waits = 0; page === null; ) {
      try {
        page = await client.educationUsersPage(from);
      } catch (e) {
        if (!(e instanceof GraphError)) throw e;
        if (e.code !== 'GRAPH_THROTTLED' || waits >= MAX_WAITS) throw new PupilSyncError(e.code, `Microsoft Graph answered ${e.code}; nothing was changed.`);
        waits++;
        throttled++;
        await sleep(Math.min(e.retryAfterMs ?? 5000, MAX_WAIT_MS));
      }
    }
    for (const raw of page.users) {
      const p = pupilFromGraph(raw, today);
      if (p === 'malformed') malformed++;
      else if (p && !rows.has(p.misId)) rows.set(p.misId, p);
    }
    if (!page.nextLink) break;
    from = { nextLink: page.nextLink };
  }
  const onRoll = (await deps.store.pupils.list()).filter((p) => !p.leftOn);
  const listed = new Set(rows.keys());
  const wouldLeave = onRoll.filter((p) => !listed.has(p.misId)).length;
  if (onRoll.length > 0 && wouldLeave > onRoll.length * MAX_LEFT_SHARE)
    throw new PupilSyncError('PUPIL_SYNC_SUSPICIOUS', `Microsoft Graph listed ${rows.size} pupils, so ${wouldLeave} of the ${onRoll.length} on roll would be marked as left; nothing was changed. Check graph_school_id and the app's EduRoster.Read.All permission, or import the MIS files with safeguard pupils import.`);
  const r = await deps.store.pupils.applyImport(randomUUID(), 'graph', [...rows.values()], today, deps.clock.now());
  return { ...r, malformed, throttled };
}
