import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { remindersRun } from '../../helpers/cli';
import type { SlackCall } from '../../helpers/fake-slack-api';
import { SlackHarness, PEOPLE, blockText, buttonIn, type Who } from '../../helpers/slack-harness';

type Obj = Record<string, unknown>;

/** The online safety lead is the ICT lead too, and duties are on with this approval setting. */
async function withApproval(h: SlackHarness, setting: string): Promise<void> {
  const file = path.join(h.dir, 'school.yaml');
  const yaml = fs.readFileSync(file, 'utf8').replace('roles: [online_safety_lead]', 'roles: [online_safety_lead, ict_lead]');
  fs.writeFileSync(file, `${yaml}duties:\n  aua: { version: "1" }\n  slack_staff_channel_id: CSTAFF\n${setting}`);
  // Everyone is in the staff channel, so the bot can find them to send them the request.
  h.fake.setMembers('CSTAFF', Object.keys(PEOPLE).map((k) => h.ids[k as Who]));
  await h.restart();
  await remindersRun(h, '2026-11-23T10:00:00Z', { moveClock: true }); // the roster sync, and the first reminders out of the way
}

describe('slack: who approves a request to unblock a website', function () {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await SlackHarness.start();
  });
  afterEach(async () => h.close());

  const dms = (who: Who, since: number) => h.posts(h.dm(who), since);
  const requestPost = (who: Who, since: number) => dms(who, since).find((p) => /Request to unblock a website/.test(blockText(p.args.blocks)));
  /** Opens the Approve or Refuse form of a DM as `who`; returns the modal, or what the bot answered instead. */
  async function open(who: Who, post: SlackCall, verb: string): Promise<{ view?: Obj; said: string }> {
    const m = h.fake.mark();
    await h.clickMessage(who, h.dm(who), String(post.seq), buttonIn(post.args.blocks as Obj[], `show:${verb}`));
    const calls = h.fake.since(m);
    const opened = calls.find((c) => c.method === 'views.open');
    return { view: opened ? { ...(opened.args.view as Obj), id: `V-${opened.seq}` } : undefined, said: JSON.stringify(calls.map((c) => c.args)) };
  }
  async function ask(): Promise<number> {
    const form = new URLSearchParams({ command: '/safeguard', text: 'unblock', user_id: h.ids.teacher, team_id: 'T1', channel_id: 'CGENERAL', trigger_id: 'trigger-unblock', response_url: 'http://127.0.0.1:9/unused' });
    await h.post(form.toString(), 'application/x-www-form-urlencoded');
    const res = await h.submit('teacher', h.lastView(), { url: 'https://www.bbc.co.uk/bitesize/volcanoes', reason: 'Year 5 geography: volcano videos', fromDate: '2026-11-24', untilDate: '2026-11-25' });
    assert.match(blockText((res.body as Obj).view), /has gone to .+ to approve/);
    const since = h.fake.mark();
    await h.deliver();
    return since;
  }

  it('refuses the ICT lead (who is also the online safety lead) without showing the request, and takes the headteacher’s approval', async () => {
    await withApproval(h, '');
    const since = await ask();
    assert.equal(requestPost('osl', since), undefined, 'the ICT lead is not asked to approve');
    const head = requestPost('head', since)!;
    // The ICT lead clicks the headteacher's button (a forwarded or forged click): a refusal that reveals nothing.
    const peek = await open('osl', head, 'filter.approve');
    assert.match(peek.view ? blockText(peek.view) : peek.said, /you don't have access/);
    assert.doesNotMatch(JSON.stringify(peek), /bbc|volcano|Tom Teacher/);

    const approve = (await open('head', head, 'filter.approve')).view!;
    const forged = await h.submit('osl', approve, { note: 'fine' });
    assert.match(JSON.stringify(forged.body), /don't have access/);
    assert.doesNotMatch(JSON.stringify(forged.body), /bbc|volcano|Tom Teacher/);
    const ok = await h.submit('head', approve, { note: 'Educational; risk assessed' });
    assert.match(blockText((ok.body as Obj).view), /Approved and logged/);
    await h.deliver();
    assert.ok(dms('osl', since).some((p) => /Please unblock this website/.test(blockText(p.args.blocks))));
  });

  it('needs a second, different approver when the school file asks for two', async () => {
    await withApproval(h, '  filtering_approval: { approvers: [headteacher, online_safety_lead, dsl], approvals: 2 }\n');
    const since = await ask();
    const first = await h.submit('head', (await open('head', requestPost('head', since)!, 'filter.approve')).view!, { note: 'Risk assessed' });
    assert.match(blockText((first.body as Obj).view), /A second approver needs to approve it/);
    await h.deliver();
    assert.ok(!dms('osl', since).some((p) => /Please unblock this website/.test(blockText(p.args.blocks))), 'nothing changes yet');
    const second = await h.submit('dsl', (await open('dsl', requestPost('dsl', since)!, 'filter.approve')).view!, { note: 'Agreed' });
    assert.match(blockText((second.body as Obj).view), /Approved and logged/);
    await h.deliver();
    assert.ok(dms('osl', since).some((p) => /Please unblock this website/.test(blockText(p.args.blocks))));
  });
});
