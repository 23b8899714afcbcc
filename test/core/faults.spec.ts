import assert from 'node:assert/strict';
import sinon from 'sinon';
import { armFault, faultPoint } from '../../src/core/faults';
import { ConfigError, loadConfig } from '../../src/config';

describe('fault points (crash tests only)', () => {
  let kill: sinon.SinonStub;
  beforeEach(() => {
    kill = sinon.stub(process, 'kill');
  });
  afterEach(() => {
    kill.restore();
    armFault(undefined, 'test');
  });

  it('kills the process with SIGKILL at the armed point and at no other', () => {
    armFault('report_committed', 'test');
    faultPoint('draft_saved');
    assert.equal(kill.callCount, 0);
    faultPoint('report_committed');
    assert.deepEqual(kill.firstCall.args, [process.pid, 'SIGKILL']);
  });

  it('fires a point armed for one platform only on that platform', () => {
    armFault('platform_posted:slack', 'test');
    faultPoint('platform_posted', 'teams');
    assert.equal(kill.callCount, 0);
    faultPoint('platform_posted', 'slack');
    assert.equal(kill.callCount, 1);
  });

  it('never fires in production, even when armed', () => {
    armFault('draft_saved', 'production');
    faultPoint('draft_saved');
    assert.equal(kill.callCount, 0);
  });

  it('is refused by the configuration in production, naming SAFEGUARD_FAULT_POINT', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', SCHOOL_CONFIG: '/srv/safeguard/st-marys.yaml', SAFEGUARD_FAULT_POINT: 'draft_saved' }),
      (e: unknown) => e instanceof ConfigError && /SAFEGUARD_FAULT_POINT must be empty when NODE_ENV is production/.test(e.message),
    );
  });

  it('rejects a point that does not exist, listing the ones that do', () => {
    assert.throws(() => loadConfig({ SAFEGUARD_FAULT_POINT: 'everywhere' }), /SAFEGUARD_FAULT_POINT.*draft_saved/);
  });
});
