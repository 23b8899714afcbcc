/** Teams app installs made through Graph for people who never opened the app, so they can be reached. Raw SQL: no entity needed. */
import type { TeamsInstallRepository } from '../../core/ports';
import { exec, type Db } from '../db';

interface Row {
  email: string;
  aad_user_id: string | null;
  installed_at: string | number | null;
  install_id: string | null;
  chat_id: string | null;
  updated_at: string | number;
}

const time = (v: string | number | null) => (v === null ? null : new Date(Number(v)));

/** The Teams install repository over `db`; emails are stored lower-case. */
export function teamsInstallRepository(db: Db): TeamsInstallRepository {
  return {
    get: (email) =>
      db.run(async (em) => {
        const { rows } = await exec<Row>(em, 'SELECT * FROM teams_installs WHERE "email" = :email', { email: email.toLowerCase() });
        const r = rows[0];
        return r ? { email: r.email, aadUserId: r.aad_user_id, installedAt: time(r.installed_at), installId: r.install_id, chatId: r.chat_id, updatedAt: new Date(Number(r.updated_at)) } : null;
      }),
    save: (i) =>
      db.run(async (em) => {
        await exec(
          em,
          'INSERT INTO teams_installs ("email", "aad_user_id", "installed_at", "install_id", "chat_id", "updated_at") VALUES (:email, :aad, :installedAt, :installId, :chatId, :updatedAt) ' +
            'ON CONFLICT ("email") DO UPDATE SET "aad_user_id" = EXCLUDED."aad_user_id", "installed_at" = EXCLUDED."installed_at", "install_id" = EXCLUDED."install_id", "chat_id" = EXCLUDED."chat_id", "updated_at" = EXCLUDED."updated_at"',
          { email: i.email.toLowerCase(), aad: i.aadUserId, installedAt: i.installedAt?.getTime() ?? null, installId: i.installId, chatId: i.chatId, updatedAt: i.updatedAt.getTime() },
        );
      }),
  };
}
