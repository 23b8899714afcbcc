import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Installation } from '@slack/bolt';
import { openStore } from '../../../src/store';
import type { Store } from '../../../src/core/ports';
import type { CoreDeps } from '../../../src/core/deps';
import { databaseInstallationStore, installedBotToken, installKey } from '../../../src/platforms/slack/installations';
import { testSchool } from '../../helpers/school';
import { FakeClock } from '../../helpers/clock';

const install = (over: Partial<Installation<'v2', boolean>> = {}) =>
  ({ team: { id: 'T1', name: 'School' }, enterprise: undefined, user: { id: 'U1', token: undefined, scopes: undefined }, bot: { token: 'xoxb-T1', scopes: ['chat:write'], id: 'B1', userId: 'UB1' }, isEnterpriseInstall: false, authVersion: 'v2', ...over }) as Installation<'v2', boolean>;

describe('slack: the OAuth installation store in our database', () => {
  let dir: string;
  let store: Store;
  let deps: CoreDeps;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slack-install-'));
    store = await openStore(`sqlite:${path.join(dir, 'db.sqlite')}`, { create: true });
    // The school names its workspace and its trust's org: installs are accepted only from those.
    deps = { store, school: testSchool({ safeguarding_team: { slack: { channel_id: 'CDSL', team_id: ['T1', 'E1'] } } }), clock: new FakeClock() };
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keys a workspace install by team id and an org-wide install by enterprise id', () => {
    assert.equal(installKey({ teamId: 'T1' }), 'T:T1');
    assert.equal(installKey({ isEnterpriseInstall: true, enterpriseId: 'E1', teamId: 'T1' }), 'E:E1');
    assert.throws(() => installKey({}), /SLACK_INSTALL_KEY_MISSING/);
  });

  it('stores an install bound to this school and fetches it back for Bolt', async () => {
    const s = databaseInstallationStore(deps);
    await s.storeInstallation(install());
    // JSON round trip: the same install, minus keys whose value was undefined.
    assert.deepEqual(await s.fetchInstallation({ teamId: 'T1', isEnterpriseInstall: false, enterpriseId: undefined }), JSON.parse(JSON.stringify(install())));
    assert.equal((await store.slackInstallations.get('T:T1'))?.school, 'Test Primary');
    assert.equal(await installedBotToken(deps, 'T1'), 'xoxb-T1');
    assert.equal(await installedBotToken(deps, null), 'xoxb-T1', 'the school’s own install posts to its channel');
  });

  it('stores an Enterprise Grid org-wide install under the enterprise id', async () => {
    const s = databaseInstallationStore(deps);
    await s.storeInstallation(install({ team: undefined, enterprise: { id: 'E1', name: 'Trust' }, isEnterpriseInstall: true }));
    const got = await s.fetchInstallation({ teamId: 'T7', enterpriseId: 'E1', isEnterpriseInstall: true });
    assert.equal(got.enterprise?.id, 'E1');
  });

  it('refuses to store an install from a workspace the school file does not name', async () => {
    const s = databaseInstallationStore(deps);
    await assert.rejects(s.storeInstallation(install({ team: { id: 'T666', name: 'Elsewhere Academy' } })), /SLACK_WORKSPACE_NOT_ALLOWED/);
    assert.equal(await store.slackInstallations.get('T:T666'), null);
  });

  it('refuses a workspace bound to another school, and forgets a deleted one', async () => {
    await store.slackInstallations.save({ key: 'T:T9', teamId: 'T9', enterpriseId: null, school: 'XY', installation: install() as never, installedAt: new Date() });
    const s = databaseInstallationStore(deps);
    await assert.rejects(s.fetchInstallation({ teamId: 'T9', isEnterpriseInstall: false, enterpriseId: undefined }), /NOT_FOUND/);
    await s.storeInstallation(install());
    await s.deleteInstallation!({ teamId: 'T1', isEnterpriseInstall: false, enterpriseId: undefined });
    await assert.rejects(s.fetchInstallation({ teamId: 'T1', isEnterpriseInstall: false, enterpriseId: undefined }), /NOT_FOUND/);
  });
});
