import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openStore } from '../../../src/store';
import type { Store } from '../../../src/core/ports';
import type { CoreDeps } from '../../../src/core/deps';
import { recordRosterLeavers, recordRosterStaff } from '../../../src/core/duties/roster';
import { FakeClock } from '../../helpers/clock';
import { testSchool } from '../../helpers/school';

describe('duties: roster sync, the same for every platform', () => {
  const dir = `/tmp/duties-roster-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}.sqlite`;
  let store: Store;
  let clock: FakeClock;
  let deps: CoreDeps;

  beforeEach(async () => {
    clock = new FakeClock(new Date('2026-11-23T10:00:00Z'));
    store = await openStore(`sqlite:${dir}`, { create: true });
    deps = { store, clock, school: testSchool({ duties: { staff_team_id: 'team-staff' } }) };
  });
  afterEach(async () => {
    await store.close();
    for (const suffix of ['', '-wal', '-shm', '.initialised']) fs.rmSync(dir + suffix, { force: true });
  });

  const staff = async (email: string) => (await store.staff.list()).find((r) => r.email === email);

  it('records everyone in the staff team on the first day as existing staff, with no start date, so the grace period applies', async () => {
    const added = await recordRosterStaff(deps, [{ email: 'Ann.Able@school.example', name: 'Ann Able' }, { userPrincipalName: 'bob.baker@school.example' }, { name: 'no email' }], 'team-staff');
    assert.equal(added, 2, 'the member without an email is skipped');
    const ann = await staff('ann.able@school.example');
    assert.deepEqual([ann?.source, ann?.startDate], ['roster', null]);
    assert.equal((await staff('bob.baker@school.example'))?.startDate, null);
  });

  it('gives someone who first appears on a later day that day as their start date, so their induction duties fall due', async () => {
    await recordRosterStaff(deps, [{ email: 'ann.able@school.example' }], 'team-staff');
    clock.advance(3 * 24 * 3600_000);
    assert.equal(await recordRosterStaff(deps, [{ email: 'ann.able@school.example' }, { email: 'new.person@school.example' }], 'team-staff'), 1, 'only the newcomer is added');
    assert.equal((await staff('new.person@school.example'))?.startDate, '2026-11-26');
  });

  it('ignores the roster of any team other than the staff team the school file names', async () => {
    assert.equal(await recordRosterStaff(deps, [{ email: 'ann.able@school.example' }], 'team-football'), 0);
    assert.deepEqual(await store.staff.list(), []);
  });

  it('keeps a leaver’s record, marked as left today, and counts only people it knew', async () => {
    await recordRosterStaff(deps, [{ email: 'ann.able@school.example' }, { email: 'bob.baker@school.example' }], 'team-staff');
    clock.advance(24 * 3600_000);
    assert.equal(await recordRosterLeavers(deps, ['ANN.ABLE@school.example', 'stranger@school.example'], 'team-staff'), 1);
    assert.equal((await staff('ann.able@school.example'))?.leftOn, '2026-11-24');
    assert.equal((await staff('bob.baker@school.example'))?.leftOn ?? null, null, 'who stayed is untouched');
  });
});
