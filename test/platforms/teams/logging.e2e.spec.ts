import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Harness, CHANNEL_ID, reportPupil, reportStaff } from '../../helpers/bot-harness';
import { TeamsErrors } from '../../helpers/fake-teams-connector';

describe('teams: logs', function () {
  it('never hold incident text, names or emails, even when deliveries fail', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const h = await Harness.start({}, { log: pino({ level: 'trace' }, sink) });
    try {
      await h.everyoneSaysHello();
      h.fake.failNext({ conversationId: CHANNEL_ID, kind: 'create' }, TeamsErrors.serviceError(502));
      h.fake.failNext({ conversationId: h.dm('head') }, TeamsErrors.conversationBlockedByUser());
      await reportPupil(h, 'teacher', { what: 'Zebracorn-secret happened to Quillon Pupil', danger: true });
      await reportStaff(h, 'teacher', { email: h.users.tara.email });
      await h.deliver();
      h.clock.advance(20 * 60_000);
      await h.deliver();
      await h.click('tara', 'incident.view', { incidentId: 'not-a-uuid' });
      const logged = lines.join('');
      assert.match(logged, /recipient unreachable/, 'the 403 was logged, by code');
      assert.ok(lines.length > 3, 'something was logged');
      for (const secret of ['Zebracorn', 'Quillon', 'personal phone', String(h.users.teacher.email), String(h.users.head.email), 'Tom Teacher', 'Hana Head', 'Tara']) {
        assert.ok(!logged.includes(secret), `the log contains ${secret}`);
      }
    } finally {
      await h.close();
    }
  });
});
