/**
 * Reaching a person on Teams who has never opened the app: found in the directory by
 * email, the app installed for them through Graph, the 1:1 chat Graph then shows, and that chat
 * opened with the connector (createConversationAsync with their Entra object id, which Teams
 * accepts in the personal scope once the app is installed). Each step is saved in teams_installs
 * as soon as it is done, so a restart mid-way resumes at the next step and never installs twice.
 */
import { TurnContext, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { CoreDeps } from '../../core/deps';
import type { Identity } from '../../core/model';
import type { TeamsInstall } from '../../core/ports';
import type { GraphSettings } from '../../config';
import { GraphError, type GraphClient } from './graph';
import { DSL_CHANNEL_KEY } from './roster';

/** Teams' global service URL for proactive messages, when no activity or school file gave one. */
const GLOBAL_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';
/** How long to wait before asking again while Teams is still creating the installation or its chat. */
const PENDING_RETRY_MS = 5000;

export interface GraphReachDeps {
  deps: CoreDeps;
  graph: GraphClient;
  settings: GraphSettings;
  adapter: CloudAdapter;
  appId: string;
}

/** Makes sure the app is installed for the person and their 1:1 chat is open; returns the stored reference. */
export async function reachThroughGraph(r: GraphReachDeps, email: string, known: Identity | null): Promise<Partial<ConversationReference>> {
  const install = await installFor(r, email.toLowerCase());
  const { deps, settings } = r;
  const serviceUrl = await serviceUrlFor(deps, known);
  const aad = install.aadUserId!;
  let ref: Partial<ConversationReference> | null = null;
  await r.adapter.createConversationAsync(
    r.appId,
    'msteams',
    serviceUrl,
    '',
    { isGroup: false, bot: { id: `28:${r.appId}`, name: '' }, members: [{ id: aad, name: '' }], tenantId: settings.tenantId, channelData: { tenant: { id: settings.tenantId } } },
    async (ctx) => {
      ref = TurnContext.getConversationReference(ctx.activity);
    },
  );
  if (!ref) throw new GraphError('TEAMS_CHAT_NOT_OPENED', false);
  // A roster entry keeps its Teams id; someone seen only through Graph is known by their Entra object id.
  const platformUserId = known?.platformUserId ?? aad;
  const stored = { ...(ref as Partial<ConversationReference>), user: { id: platformUserId, name: '', aadObjectId: aad }, graphChatId: install.chatId };
  await deps.store.identities.upsert({ platform: 'teams', platformUserId, email: email.toLowerCase(), name: known?.name ?? null, tenantId: settings.tenantId, conversationRef: stored as Record<string, unknown> });
  return stored;
}

/** Runs the Graph steps not yet done for this email, saving each; throws GraphError (final or retryable). */
async function installFor(r: GraphReachDeps, email: string): Promise<TeamsInstall> {
  const { deps, graph } = r;
  let rec: TeamsInstall = (await deps.store.teamsInstalls.get(email)) ?? { email, aadUserId: null, installedAt: null, installId: null, chatId: null, updatedAt: deps.clock.now() };
  const save = async (patch: Partial<TeamsInstall>) => {
    rec = { ...rec, ...patch, updatedAt: deps.clock.now() };
    await deps.store.teamsInstalls.save(rec);
  };
  if (!rec.aadUserId) {
    const user = await graph.findUser(email);
    // Identity is more than an email: a guest account is someone from another organisation.
    if (user.guest) throw new GraphError('GRAPH_GUEST_USER', true);
    await save({ aadUserId: user.id });
  }
  const aad = rec.aadUserId!;
  if (!rec.installedAt) {
    await graph.install(aad);
    await save({ installedAt: deps.clock.now() });
  }
  if (!rec.chatId) {
    const installId = rec.installId ?? (await graph.installationId(aad));
    if (!installId) throw new GraphError('GRAPH_INSTALL_PENDING', false, PENDING_RETRY_MS);
    if (!rec.installId) await save({ installId });
    const chatId = await graph.chatId(aad, installId);
    if (!chatId) throw new GraphError('GRAPH_CHAT_PENDING', false, PENDING_RETRY_MS);
    await save({ chatId });
  }
  return rec;
}

/** Where to open the chat: the person's last known service URL, the school file's, the DSL channel's, else Teams' global one. */
async function serviceUrlFor(deps: CoreDeps, known: Identity | null): Promise<string> {
  const own = (known?.conversationRef as { serviceUrl?: unknown } | null)?.serviceUrl;
  if (typeof own === 'string' && own) return own;
  const school = deps.school.file.safeguarding_team.teams?.service_url;
  if (school) return school;
  const channel = (await deps.store.conversations.get('teams', DSL_CHANNEL_KEY)) as { serviceUrl?: unknown } | null;
  return typeof channel?.serviceUrl === 'string' && channel.serviceUrl ? channel.serviceUrl : GLOBAL_SERVICE_URL;
}
