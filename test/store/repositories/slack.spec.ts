import assert from 'node:assert/strict';
import sinon from 'sinon';
import { throttledPresence, PRESENCE_TOUCH_EVERY_MS } from '../../../src/store/repositories/slack';
import type { PresenceRepository } from '../../../src/core/ports';

const at = (ms: number) => new Date(Date.UTC(2026, 10, 2, 9) + ms);

describe('store: presence written at most once a minute per person and platform', function () {
  let inner: { touch: sinon.SinonStub; lastUsed: sinon.SinonStub };
  let presence: PresenceRepository;
  beforeEach(() => {
    inner = { touch: sinon.stub().resolves(), lastUsed: sinon.stub().resolves(['teams']) };
    presence = throttledPresence(inner);
  });

  it('writes the first touch and skips the same person on the same platform within the minute', async () => {
    await presence.touch('Mrs.Carter@school.example', 'teams', at(0));
    await presence.touch('mrs.carter@school.example', 'teams', at(20_000));
    await presence.touch('mrs.carter@school.example', 'teams', at(PRESENCE_TOUCH_EVERY_MS - 1));
    assert.equal(inner.touch.callCount, 1);
    await presence.touch('mrs.carter@school.example', 'teams', at(PRESENCE_TOUCH_EVERY_MS));
    assert.equal(inner.touch.callCount, 2);
  });

  it('writes at once when the person switches platform, so messages follow them', async () => {
    await presence.touch('a@school.example', 'teams', at(0));
    await presence.touch('a@school.example', 'slack', at(1000));
    await presence.touch('a@school.example', 'teams', at(2000));
    assert.deepEqual(inner.touch.args.map((a) => a[1]), ['teams', 'slack', 'teams']);
  });

  it('keeps each person apart, and writes again when the clock went back', async () => {
    await presence.touch('a@school.example', 'teams', at(5000));
    await presence.touch('b@school.example', 'teams', at(5000));
    await presence.touch('a@school.example', 'teams', at(0));
    assert.equal(inner.touch.callCount, 3);
  });

  it('forgets nothing a failed write did not record: the next touch tries again', async () => {
    inner.touch.onFirstCall().rejects(new Error('SQLITE_BUSY'));
    await assert.rejects(presence.touch('a@school.example', 'teams', at(0)));
    await presence.touch('a@school.example', 'teams', at(1000));
    assert.equal(inner.touch.callCount, 2);
  });
});
