/**
 * The Slack floor: a bare Bolt app on an ExpressReceiver that verifies the signature, authorises
 * with a fixed token (ours looks the workspace's token up the same once-per-request way), acks and
 * opens one modal — what our `/report` does before its own work.
 */
import http from 'node:http';
import express from 'express';
import { App, ExpressReceiver } from '@slack/bolt';

const receiver = new ExpressReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? '', endpoints: '/slack/events' });
const app = new App({ receiver, authorize: async () => ({ botToken: 'xoxb-bare', botId: 'B1', botUserId: 'UBOT' }), clientOptions: { slackApiUrl: process.env.SLACK_API_URL } });
app.command('/report', async ({ ack, client, body }) => {
  await ack();
  await client.views.open({ trigger_id: body.trigger_id, view: { type: 'modal', title: { type: 'plain_text', text: 'Report' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'What happened?' } }] } });
});
const web = express();
web.get('/healthz', (_req, res) => void res.json({ ok: true }));
web.use(receiver.router);
http.createServer(web).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
