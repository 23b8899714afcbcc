import assert from 'node:assert/strict';
import sinon from 'sinon';
import { openStore } from '../../src/store';
import type { DeliveryKey, Store } from '../../src/core/ports';
import { postOnce, type PlatformPost, type PostSteps } from '../../src/platforms/delivery-ledger';
import { FakeClock } from '../helpers/clock';
import { testSchool } from '../helpers/school';

const KEY: DeliveryKey = { outboxId: 'a0d6a8c4-5d7e-4a43-9f53-3b0f8f7e0001', platform: 'slack', recipientKey: 'dsl_channel' };
const POST = { conversationId: 'C1', activityId: '1795428000.000001' };

/** The platform steps, as stubs the tests read back. */
interface Stubbed extends PostSteps {
  post: sinon.SinonStub<[boolean], Promise<PlatformPost>>;
  update: sinon.SinonStub<[PlatformPost], Promise<boolean>>;
}

describe('delivery ledger: postOnce', () => {
  let store: Store;
  const clock = new FakeClock();
  const deps = () => ({ store, clock, school: testSchool() });
  const steps = (over: Partial<Stubbed> = {}): Stubbed => ({
    post: sinon.stub<[boolean], Promise<typeof POST>>().resolves(POST),
    update: sinon.stub<[typeof POST], Promise<boolean>>().resolves(true),
    refused: () => false,
    ...over,
  });
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
  });
  afterEach(async () => store.close());

  it('records the post as started before calling the platform, and the posted id after', async () => {
    const s = steps({ post: sinon.stub<[boolean], Promise<typeof POST>>().callsFake(async () => {
      assert.equal((await store.deliveries.get(KEY))?.activityId, null, 'started, not yet known');
      return POST;
    }) });
    assert.equal((await postOnce(deps(), KEY, s)).outcome, 'posted');
    assert.equal((await store.deliveries.get(KEY))?.activityId, POST.activityId);
  });

  it('updates the earlier post on a retry instead of posting again', async () => {
    await postOnce(deps(), KEY, steps());
    const again = steps();
    assert.deepEqual(await postOnce(deps(), KEY, again), { ...POST, outcome: 'replaced' });
    assert.equal(again.post.callCount, 0);
    assert.deepEqual(again.update.firstCall.args, [POST]);
  });

  it('posts again when the earlier post was deleted', async () => {
    await postOnce(deps(), KEY, steps());
    const again = steps({ update: sinon.stub<[typeof POST], Promise<boolean>>().resolves(false) });
    assert.equal((await postOnce(deps(), KEY, again)).outcome, 'posted');
    assert.equal(again.post.callCount, 1);
  });

  it('finds a post whose answer was lost and updates it, where the platform can search', async () => {
    const lost = steps({ post: sinon.stub<[boolean], Promise<typeof POST>>().rejects(new Error('socket hang up')) });
    await assert.rejects(postOnce(deps(), KEY, lost));
    const find = sinon.stub<[Date], Promise<typeof POST | null>>().resolves(POST);
    const again = steps({ find });
    assert.equal((await postOnce(deps(), KEY, again)).outcome, 'replaced');
    assert.equal(again.post.callCount, 0);
    assert.equal(find.callCount, 1);
    assert.equal((await store.deliveries.get(KEY))?.activityId, POST.activityId);
  });

  it('posts once, unmarked, when the search finds that the lost post never landed', async () => {
    await assert.rejects(postOnce(deps(), KEY, steps({ post: sinon.stub<[boolean], Promise<typeof POST>>().rejects(new Error('reset')) })));
    const again = steps({ find: async () => null });
    assert.equal((await postOnce(deps(), KEY, again)).outcome, 'posted');
    assert.deepEqual(again.post.firstCall.args, [false]);
  });

  it('posts again marked as a resend, and records it as uncertain, where the platform cannot search', async () => {
    await assert.rejects(postOnce(deps(), KEY, steps({ post: sinon.stub<[boolean], Promise<typeof POST>>().rejects(new Error('HTTP 500')) })));
    const again = steps();
    assert.equal((await postOnce(deps(), KEY, again)).outcome, 'resent');
    assert.deepEqual(again.post.firstCall.args, [true]);
    assert.ok((await store.deliveries.get(KEY))?.uncertainAt);
  });

  it('posts unmarked after a refusal (429): the refused try is known not to have landed', async () => {
    await assert.rejects(postOnce(deps(), KEY, steps({ post: sinon.stub<[boolean], Promise<typeof POST>>().rejects(new Error('429')), refused: () => true })));
    const again = steps();
    assert.equal((await postOnce(deps(), KEY, again)).outcome, 'posted');
    assert.deepEqual(again.post.firstCall.args, [false]);
  });
});
