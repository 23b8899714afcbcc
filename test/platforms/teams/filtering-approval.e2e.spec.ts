import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Harness, actionData, cardText, cardsSince, mark, type Who } from '../../helpers/bot-harness';

/** The online safety lead is the ICT lead too (a small school), and duties are on with this approval setting. */
async function withApproval(h: Harness, setting: string): Promise<void> {
  const file = path.join(h.dir, 'school.yaml');
  const yaml = fs.readFileSync(file, 'utf8').replace('roles: [online_safety_lead]', 'roles: [online_safety_lead, ict_lead]');
  fs.writeFileSync(file, `${yaml}duties:\n${setting}`);
  await h.restart();
}

const SITE = { url: 'https://www.bbc.co.uk/bitesize/volcanoes', reason: 'Year 5 geography: volcano videos', fromDate: '2026-11-24', untilDate: '2026-11-25' };
const titled = (cards: unknown[], re: RegExp) => cards.filter((c) => re.test(cardText(c)));

describe('teams: who approves a request to unblock a website', function () {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.everyoneSaysHello();
  });
  afterEach(async () => h.close());

  /** Tom asks to unblock the site; returns each approver's request card after delivery. */
  async function ask(): Promise<number> {
    await h.say('teacher', 'unblock');
    const form = h.cardsTo(h.dm('teacher')).at(-1);
    const sent = await h.click('teacher', 'filter.request', actionData(form, 'filter.request'), SITE);
    assert.match(cardText(sent.value), /has gone to/);
    const since = mark(h);
    await h.deliver();
    return since;
  }
  const requestCard = (who: Who, since: number) => titled(cardsSince(h, who, since), /Request to unblock a website/)[0];

  it('by default goes to the headteacher and the online safety lead; one approval is enough — but never from the ICT lead, even as OSL', async () => {
    await withApproval(h, '  aua: { version: "1" }\n');
    const since = await ask();
    const head = requestCard('head', since);
    assert.ok(head, 'the headteacher is asked');
    assert.equal(requestCard('osl', since), undefined, 'the OSL who is also the ICT lead is not asked to approve their own change');
    assert.equal(requestCard('dsl', since), undefined, 'the DSL is not an approver unless the school file says so');

    const ict = await h.click('osl', 'filter.approve', actionData(head, 'filter.approve'), { note: 'fine by me' });
    assert.match(String(ict.value), /you don't have access to that\. Nothing was changed\./);
    assert.doesNotMatch(JSON.stringify(ict.value), /bbc|volcano|Tom Teacher|Year 5/, 'the refusal reveals nothing of the request');
    assert.match(String((await h.click('tara', 'filter.refuse', actionData(head, 'filter.refuse'), { note: 'no' })).value), /don't have access/);

    const approved = await h.click('head', 'filter.approve', actionData(head, 'filter.approve'), { note: 'Educational; BBC is safe' });
    assert.match(cardText(approved.value), /Approved and logged/);
    await h.deliver();
    assert.ok(titled(cardsSince(h, 'osl', since), /Please unblock this website/)[0], 'the ICT lead is told what to change');
    assert.match(cardText(cardsSince(h, 'teacher', since).at(-1)), /Your unblock request was approved/);
  });

  it('needs two different approvers when the school file says approvals: 2, and the first cannot approve twice', async () => {
    await withApproval(h, '  aua: { version: "1" }\n  filtering_approval:\n    approvers: [headteacher, online_safety_lead, dsl]\n    approvals: 2\n');
    const since = await ask();
    const head = requestCard('head', since);
    const first = await h.click('head', 'filter.approve', actionData(head, 'filter.approve'), { note: 'Risk assessed: BBC' });
    assert.match(cardText(first.value), /Your approval is logged\. A second approver needs to approve it/);
    assert.match(cardText(first.value), /Approved so far \(1 of 2\)[\s\S]*Hana Head: Risk assessed: BBC/);
    assert.throws(() => actionData(first.value, 'filter.approve'), 'no second Approve button for the first approver');
    const twice = await h.click('head', 'filter.approve', actionData(head, 'filter.approve'), { note: 'again' });
    assert.match(cardText(twice.value), /already approved this\. It needs a second, different approver/);
    await h.deliver();
    assert.equal(titled(cardsSince(h, 'osl', since), /Please unblock this website/).length, 0, 'nothing changes on one approval');

    assert.match(String((await h.click('osl', 'filter.approve', actionData(head, 'filter.approve'), { note: 'ok' })).value), /don't have access/, 'the ICT lead never counts as an approver');
    const dsl = requestCard('dsl', since);
    const second = await h.click('dsl', 'filter.approve', actionData(dsl, 'filter.approve'), { note: 'Agreed' });
    assert.match(cardText(second.value), /Approved and logged/);
    await h.deliver();
    assert.equal(titled(cardsSince(h, 'osl', since), /Please unblock this website/).length, 1);
    const stored = (await h.app.deps.store.filterRequests.list())[0];
    assert.deepEqual([stored.status, stored.firstApprovedBy, stored.decidedBy], ['approved', h.users.head.email, h.users.dsl.email]);
  });

  it('lets any one approver refuse a request that needs two approvals', async () => {
    await withApproval(h, '  aua: { version: "1" }\n  filtering_approval: { approvers: [headteacher, dsl], approvals: 2 }\n');
    const since = await ask();
    await h.click('head', 'filter.approve', actionData(requestCard('head', since), 'filter.approve'), { note: 'ok' });
    const refused = await h.click('dsl', 'filter.refuse', actionData(requestCard('dsl', since), 'filter.refuse'), { note: 'Use the school’s own video library' });
    assert.match(cardText(refused.value), /Refused and logged/);
    await h.deliver();
    assert.match(cardText(cardsSince(h, 'teacher', since).at(-1)), /Your unblock request was refused[\s\S]*video library/);
  });
});
