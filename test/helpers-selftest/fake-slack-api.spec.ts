import assert from 'node:assert/strict';
import { FakeSlackApi } from '../helpers/fake-slack-api';

describe('fake Slack Web API: messages, history and faults', () => {
  let fake: FakeSlackApi;
  beforeEach(async () => {
    fake = await FakeSlackApi.start();
    fake.now = () => new Date('2026-11-23T10:00:00Z');
  });
  afterEach(async () => fake.close());

  const call = (method: string, args: Record<string, unknown>) =>
    fetch(`${fake.url}${method}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-1' }, body: JSON.stringify(args) });

  it('keeps posted messages with their metadata and answers conversations.history newest first, metadata only when asked', async () => {
    await call('chat.postMessage', { channel: 'C1', text: 'one', metadata: { event_type: 'e', event_payload: { id: '1' } } });
    await call('chat.postMessage', { channel: 'C1', text: 'two' });
    const plain = (await (await call('conversations.history', { channel: 'C1' })).json()) as { messages: { text: string; metadata?: unknown }[] };
    assert.deepEqual(plain.messages.map((m) => [m.text, m.metadata]), [['two', undefined], ['one', undefined]]);
    const withMeta = (await (await call('conversations.history', { channel: 'C1', include_all_metadata: true })).json()) as { messages: { metadata?: unknown }[] };
    assert.deepEqual(withMeta.messages[1].metadata, { event_type: 'e', event_payload: { id: '1' } });
    assert.ok(Number(fake.messagesIn('C1')[0].ts) >= Date.parse('2026-11-23T10:00:00Z') / 1000, 'a ts is the posting time');
  });

  it('takes a message and then answers 500 when scripted to accept, and drops the connection on a reset', async () => {
    fake.failNext('chat.postMessage', { accept: true, status: 500 });
    assert.equal((await call('chat.postMessage', { channel: 'C1', text: 'x' })).status, 500);
    assert.equal(fake.messagesIn('C1').length, 1);
    fake.failNext('chat.postMessage', { reset: true });
    await assert.rejects(call('chat.postMessage', { channel: 'C1', text: 'y' }));
    assert.equal(fake.messagesIn('C1').length, 1, 'nothing taken before a reset');
  });

  it('updates a message in place, and answers message_not_found for one it does not hold', async () => {
    await call('chat.postMessage', { channel: 'C1', text: 'first' });
    const [m] = fake.messagesIn('C1');
    await call('chat.update', { channel: 'C1', ts: m.ts, text: 'now' });
    assert.deepEqual([fake.messagesIn('C1')[0].text, fake.messagesIn('C1')[0].updates], ['now', 1]);
    const missing = (await (await call('chat.update', { channel: 'C1', ts: '1.2', text: 'x' })).json()) as { error: string };
    assert.equal(missing.error, 'message_not_found');
  });
});
