/**
 * The Teams floor: a bare botbuilder CloudAdapter on express that echoes a message (one reply
 * through the connector, as ours sends its first wizard card) and answers a card invoke with a
 * fixed card (as ours answers a wizard step). Same adapter, same auth set-up (none: loopback), so
 * the gap to the product is the product's own work.
 */
import http from 'node:http';
import express from 'express';
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const web = express();
web.get('/healthz', (_req, res) => void res.json({ ok: true }));
web.post('/api/messages', express.json(), async (req, res) => {
  await adapter.process(req, res, async (ctx: TurnContext) => {
    if (ctx.activity.type === ActivityTypes.Invoke) {
      await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Next question', wrap: true }] } } } });
    } else await ctx.sendActivity(`echo: ${ctx.activity.text}`);
  });
});
http.createServer(web).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
