/** Platform identities and conversation references: how to reach a person or a channel. */
import type { Identity } from '../../core/model';
import type { ConversationRepository, IdentityRepository } from '../../core/ports';
import { insertIgnore, type Db } from '../db';
import { asValues, ConversationEntity, IdentityEntity, type ConversationRow } from '../entities';

// Prefer an identity the bot can reach (a stored conversation, not marked unreachable).
const rank = (i: Identity) => (i.conversationRef ? 0 : 2) + (i.unreachableAt ? 1 : 0);

/**
 * The identity repository over `db`. Emails are stored lower-case. A new conversationRef also
 * clears an unreachable mark: a fresh reference means the person has the app again.
 */
export function identityRepository(db: Db): IdentityRepository {
  return {
    upsert: (identity) =>
      db.atomic(async (em) => {
        const repo = em.getRepository(IdentityEntity);
        const email = identity.email.toLowerCase();
        const row: Identity = {
          platform: identity.platform,
          platformUserId: identity.platformUserId,
          email,
          name: identity.name,
          tenantId: identity.tenantId,
          conversationRef: identity.conversationRef,
          unreachableAt: null,
          unreachableReason: null,
        };
        // Insert-or-ignore first so two first sightings at once cannot collide on the key.
        if (!(await insertIgnore(em, IdentityEntity, row))) {
          const changes: Partial<Identity> = { email, name: identity.name, tenantId: identity.tenantId };
          if (identity.conversationRef !== null)
            Object.assign(changes, { conversationRef: identity.conversationRef, unreachableAt: null, unreachableReason: null });
          await repo.update({ platform: identity.platform, platformUserId: identity.platformUserId }, asValues(changes));
        }
        const saved = await repo.findOneBy({ platform: identity.platform, platformUserId: identity.platformUserId });
        if (!saved) throw new Error('store: identity vanished during upsert');
        return saved;
      }),

    findByEmail: (platform, email) =>
      db.read(async (em) => {
        const all = await em
          .getRepository(IdentityEntity)
          .find({ where: { platform, email: email.toLowerCase() }, order: { platformUserId: 'ASC' } });
        return all.sort((a, b) => rank(a) - rank(b))[0] ?? null;
      }),

    findByPlatformId: (platform, platformUserId) =>
      db.read((em) => em.getRepository(IdentityEntity).findOneBy({ platform, platformUserId })),

    markUnreachable: (platform, email, reason, at) =>
      db.run(async (em) => {
        await em
          .getRepository(IdentityEntity)
          .update({ platform, email: email.toLowerCase() }, { unreachableAt: at, unreachableReason: reason });
      }),
  };
}

/** The conversation-reference repository (DSL channel and other shared conversations) over `db`. */
export function conversationRepository(db: Db): ConversationRepository {
  return {
    save: (platform, key, ref) =>
      db.run(async (em) => {
        await em.getRepository(ConversationEntity).upsert(asValues<ConversationRow>({ platform, key, ref }), ['platform', 'key']);
      }),
    get: (platform, key) =>
      db.run(async (em) => (await em.getRepository(ConversationEntity).findOneBy({ platform, key }))?.ref ?? null),
  };
}
