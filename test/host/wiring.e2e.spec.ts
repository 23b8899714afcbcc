import assert from 'node:assert/strict';
import { Harness, cardText, cardsSince, mark, PEOPLE, type Who } from '../helpers/bot-harness';
import { FakeGraph } from '../helpers/fake-graph';
import { personalConversationId } from '../helpers/teams-activities';
import { runCli } from '../helpers/cli';
import { DUE_AT, withDuties } from '../helpers/duties-school';

const everyone = Object.keys(PEOPLE) as Who[];

/** What each person was sent since `since`, as text: the part of a delivery a person notices. */
const received = (h: Harness, since: number) => Object.fromEntries(everyone.map((who) => [who, cardsSince(h, who, since).map((c) => cardText(c)).sort()]));

describe('host: the server and `safeguard reminders run` send through one wiring', function () {
  const harnesses: Harness[] = [];
  let graph: FakeGraph | null = null;
  const start = async (env: Record<string, string> = {}) => {
    const h = await Harness.start(env);
    harnesses.push(h);
    return h;
  };
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
    await graph?.close();
    graph = null;
  });

  it("sends each person the same duty reminders in the same chat from the CLI as from the server's own round", async () => {
    const byServer = await start();
    const byCli = await start();
    for (const h of [byServer, byCli]) {
      await h.everyoneSaysHello();
      await withDuties(h);
    }
    const serverSince = mark(byServer);
    byServer.clock.set(new Date(DUE_AT));
    await byServer.app.tick();
    const cliSince = mark(byCli);
    const r = await runCli(byCli, ['reminders', 'run', '--at', DUE_AT]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Delivered through Teams/);
    const fromServer = received(byServer, serverSince);
    assert.equal(fromServer.teacher.length, 2, 'the teacher is reminded of the AUA and of training');
    assert.deepEqual(received(byCli, cliSince), fromServer);
  });

  it('installs the app through Graph for a teacher who never opened it and reminds them, from the CLI as from the server', async () => {
    graph = await FakeGraph.start();
    const h = await start(graph.env());
    for (const u of Object.values(h.users)) graph.addUser({ id: u.aadObjectId, userPrincipalName: u.email!, mail: u.email });
    h.fake.appInstalledFor = (member) => graph!.isInstalled(member) || Object.values(h.users).some((u) => u.id === member && graph!.isInstalled(u.aadObjectId));
    await withDuties(h);
    // The CLI runs with the server's environment: the Graph settings and the local Teams trial.
    const r = await runCli({ clock: h.clock, cliEnv: () => ({ ...h.cliEnv(), ...graph!.env(), TEAMS_ALLOW_UNAUTHENTICATED: '1' }) }, ['reminders', 'run', '--at', DUE_AT]);
    assert.equal(r.code, 0, r.err);
    const aad = h.users.teacher.aadObjectId;
    assert.equal(graph.of('POST', new RegExp(`^/users/${aad}/teamwork/installedApps$`)).length, 1, 'the app was installed for the teacher');
    const cards = h.cardsTo(personalConversationId(aad)).map((c) => cardText(c));
    assert.ok(cards.some((t) => /Acceptable use agreement.*due today/s.test(t)), cards.join(' | '));
    assert.ok(cards.some((t) => /Safeguarding and online safety training.*due today/s.test(t)), cards.join(' | '));
  });
});
