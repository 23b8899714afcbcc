/** Contract: SlackInstallationRepository and PresenceRepository. */
import assert from 'node:assert/strict';
import type { SlackInstallationRecord } from '../../../src/core/ports';
import type { ContractContext } from '../support/context';
import { at, T0 } from '../support/fixtures';

const install = (key: string, over: Partial<SlackInstallationRecord> = {}): SlackInstallationRecord => ({
  key,
  teamId: key.startsWith('T:') ? key.slice(2) : null,
  enterpriseId: key.startsWith('E:') ? key.slice(2) : null,
  school: 'OS',
  installation: { team: { id: key.slice(2) }, bot: { token: 'xoxb-1', scopes: ['chat:write'] }, isEnterpriseInstall: key.startsWith('E:') },
  installedAt: T0,
  ...over,
});

export function slackContract(ctx: ContractContext): void {
  it('stores a Slack install and returns it exactly, installation JSON and time included', async () => {
    await ctx.store.slackInstallations.save(install('T:T1'));
    assert.deepEqual(await ctx.store.slackInstallations.get('T:T1'), install('T:T1'));
    assert.equal(await ctx.store.slackInstallations.get('T:T2'), null);
  });

  it('replaces an install on reinstall, so the new token is the one used', async () => {
    await ctx.store.slackInstallations.save(install('T:T1'));
    const again = install('T:T1', { installation: { bot: { token: 'xoxb-2' } }, installedAt: at(1000) });
    await ctx.store.slackInstallations.save(again);
    assert.deepEqual(await ctx.store.slackInstallations.get('T:T1'), again);
    assert.equal((await ctx.store.slackInstallations.listBySchool('OS')).length, 1);
  });

  it('lists the installs bound to a school, newest first, and none of another school’s', async () => {
    await ctx.store.slackInstallations.save(install('T:T1'));
    await ctx.store.slackInstallations.save(install('E:E1', { installedAt: at(5000) }));
    await ctx.store.slackInstallations.save(install('T:T9', { school: 'XY' }));
    assert.deepEqual((await ctx.store.slackInstallations.listBySchool('OS')).map((r) => r.key), ['E:E1', 'T:T1']);
  });

  it('deletes an install, and deleting a missing one is harmless', async () => {
    await ctx.store.slackInstallations.save(install('T:T1'));
    await ctx.store.slackInstallations.delete('T:T1');
    await ctx.store.slackInstallations.delete('T:T1');
    assert.equal(await ctx.store.slackInstallations.get('T:T1'), null);
  });

  it('keeps the platforms a person used, most recent first, matching emails in any case', async () => {
    assert.deepEqual(await ctx.store.presence.lastUsed('a@school.example'), []);
    await ctx.store.presence.touch('A@School.Example', 'teams', T0);
    await ctx.store.presence.touch('a@school.example', 'slack', at(1000));
    assert.deepEqual(await ctx.store.presence.lastUsed('a@school.example'), ['slack', 'teams']);
    await ctx.store.presence.touch('a@school.example', 'teams', at(2000));
    assert.deepEqual(await ctx.store.presence.lastUsed('A@school.example'), ['teams', 'slack']);
  });

  it('rolls back a Slack install written in a transaction that throws', async () => {
    await assert.rejects(
      ctx.store.transaction(async (tx) => {
        await tx.slackInstallations.save(install('T:T1'));
        await tx.presence.touch('a@school.example', 'slack', T0);
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await ctx.store.slackInstallations.get('T:T1'), null);
    assert.deepEqual(await ctx.store.presence.lastUsed('a@school.example'), []);
  });
}

/** Contract: TeamsInstallRepository (Graph installs for people who never opened the Teams app). */
export function teamsInstallContract(ctx: ContractContext): void {
  it('keeps each step of a Teams install for a person, by lower-case email, and returns it exactly', async () => {
    const first = { email: 'hana@school.test', aadUserId: 'aad-1', installedAt: null, installId: null, chatId: null, updatedAt: T0 };
    await ctx.store.teamsInstalls.save({ ...first, email: 'Hana@School.test' });
    assert.deepEqual(await ctx.store.teamsInstalls.get('HANA@school.test'), first);
    const done = { ...first, installedAt: at(1000), installId: 'inst-1', chatId: '19:chat@unq.gbl.spaces', updatedAt: at(2000) };
    await ctx.store.teamsInstalls.save(done);
    assert.deepEqual(await ctx.store.teamsInstalls.get('hana@school.test'), done);
    assert.equal(await ctx.store.teamsInstalls.get('someone@school.test'), null);
  });
}
