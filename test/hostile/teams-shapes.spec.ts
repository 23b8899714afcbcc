import assert from 'node:assert/strict';
import { Harness } from '../helpers/bot-harness';
import { personalMessage } from '../helpers/teams-activities';
import { FakeOpenId, errorCode, postRaw, rowCounts } from './helpers';

const APP_ID = '11111111-2222-3333-4444-555555555555';

describe('hostile: a Teams activity of the wrong shape is a coded 400, with or without a token', function () {
  let openId: FakeOpenId;
  before(async () => {
    openId = await FakeOpenId.start();
  });
  after(async () => openId.close());

  it('answers wrong-type fields, a huge id and a conversation id with control characters with 400 BAD_ACTIVITY, never 500 or 503', async () => {
    const h = await Harness.start({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'pw', ToBotFromChannelOpenIdMetadataUrl: openId.url });
    try {
      const before = await rowCounts(h.app.deps.store);
      const good = personalMessage({ serviceUrl: h.fake.url, user: h.users.dsl, text: 'report' });
      const token = { authorization: `Bearer ${openId.token(APP_ID, h.fake.url)}` };
      const shapes: [string, unknown][] = [
        ['replyToId a number', { ...good, replyToId: 42 }],
        ['text an object', { ...good, text: { a: 1 } }],
        ['channelId an object', { ...good, channelId: { id: 'msteams' } }],
        ['channelId missing', { ...good, channelId: undefined }],
        ['entities not a list', { ...good, entities: 'x' }],
        ['a 100 KB id', { ...good, id: '保'.repeat(30_000) }],
        ['a conversation id with control characters', { ...good, conversation: { ...good.conversation, id: 'a:1\u0007\u001b[2J' } }],
        ['from.id a number', { ...good, from: { id: 29 } }],
      ];
      for (const [what, body] of shapes) {
        const res = await postRaw(`${h.app.url}/api/messages`, JSON.stringify(body), token);
        assert.equal(res.status, 400, `${what}: ${res.status} ${JSON.stringify(res.body)}`);
        assert.equal(errorCode(res.body), 'BAD_ACTIVITY', what);
      }
      // Without a valid token the same shapes are 401, whatever they hold.
      const res = await postRaw(`${h.app.url}/api/messages`, JSON.stringify({ ...good, channelId: { id: 'msteams' } }), { authorization: `Bearer ${openId.token('another-app', h.fake.url)}` });
      assert.equal(res.status, 401);
      assert.deepEqual(await rowCounts(h.app.deps.store), before);
      assert.equal(h.fake.sent.length, 0);
    } finally {
      await h.close();
    }
  });
});
