/**
 * The bot scopes the code uses, each for the Web API methods named beside it. The manifest
 * (manifest/slack/manifest.yml) must list exactly these: a test checks both ways.
 */
export const BOT_SCOPES = [
  'commands', // /report
  'chat:write', // chat.postMessage, chat.update, chat.postEphemeral
  'im:write', // conversations.open (direct messages)
  'im:history', // message.im events: "report" or a file sent in a DM
  'users:read', // users.info
  'users:read.email', // users.info profile.email, users.lookupByEmail: people are joined by email
  'channels:read', // conversations.members of a public staff channel (duties roster sync)
  'groups:read', // conversations.members of a private staff channel
  // conversations.history: finding an earlier post whose answer was lost, so a retried send does not post twice, in a public or private DSL channel (DMs: im:history).
  'channels:history',
  'groups:history',
] as const;

/** The Web API methods the bot calls, and the scope each needs (views.* need none beyond a trigger). */
export const METHOD_SCOPES: Record<string, (typeof BOT_SCOPES)[number] | null> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'conversations.open': 'im:write',
  'users.info': 'users:read.email',
  // People the bot has not met yet, found by their school-file email, so everyone can be reached.
  'users.lookupByEmail': 'users:read.email',
  // A public channel needs channels:read, a private one groups:read: both are declared.
  'conversations.members': 'channels:read',
  // Likewise channels:history, groups:history and im:history for the channel, private channel and DM kinds.
  'conversations.history': 'channels:history',
  'views.open': null,
  'views.update': null,
  'views.push': null,
  'views.publish': null,
  // The token's own workspace, when the school file names none (src/platforms/slack/workspaces.ts): no scope needed.
  'auth.test': null,
};
