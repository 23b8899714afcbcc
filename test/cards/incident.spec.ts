import assert from 'node:assert/strict';
import { MAX_REFRESH_USERS, renderAskReporter, renderIncidentDetails, renderIncidentSummary, renderNotice, VERBS } from '../../src/cards';
import { allForms, details, noForms, summary } from './fixtures';
import type { Node } from './walk';
import { actionByTitle, actionsOf, executesOf, findAll, inputById, showCard, visibleLines } from './walk';

const REF = { incidentId: 'inc-1', version: 3 };

describe('cards: incident summary', () => {
  it('shows the reference, broad kind, when, status and owner', () => {
    const lines = visibleLines(renderIncidentSummary(summary({ urgent: false, serious: false, pendingProposal: undefined, ladoReminder: undefined })));
    assert.deepEqual(lines, ['OS-2026-0042', 'Concern about a pupil', 'Reported: 4 March 2026, 13:50', 'Status: Reported', 'Owner: Sam Patel']);
  });

  it('says when no one has taken ownership', () => {
    assert.ok(visibleLines(renderIncidentSummary(summary({ ownerName: undefined }))).includes('No one has taken ownership yet.'));
  });

  it('shows an urgent badge only for an urgent report', () => {
    assert.ok(visibleLines(renderIncidentSummary(summary({ urgent: true }))).includes('URGENT'));
    assert.equal(visibleLines(renderIncidentSummary(summary({ urgent: false }))).includes('URGENT'), false);
  });

  it('flags a serious report that does not page with a serious badge, and an urgent one only as urgent', () => {
    assert.ok(visibleLines(renderIncidentSummary(summary({ urgent: false, serious: true }))).includes('SERIOUS'));
    assert.equal(visibleLines(renderIncidentSummary(summary({ urgent: false, serious: false }))).includes('SERIOUS'), false);
    const urgent = visibleLines(renderIncidentSummary(summary({ urgent: true, serious: true })));
    assert.ok(urgent.includes('URGENT') && !urgent.includes('SERIOUS'));
    assert.ok(visibleLines(renderIncidentDetails(details({ urgent: false, serious: true }))).includes('SERIOUS'));
  });

  it('shows a pending proposal and the LADO reminder when given', () => {
    const lines = visibleLines(renderIncidentSummary(summary()));
    assert.ok(lines.includes('Decision waiting for approval: Refer to children’s social care'));
    assert.ok(lines.includes('Proposed by Sam Patel'));
    assert.ok(lines.includes('Consult the LADO within one working day.'));
  });

  it('offers Open details, Acknowledge and Take ownership, each with the incident id and version', () => {
    const card = renderIncidentSummary(summary());
    assert.deepEqual(
      actionsOf(card).map((a) => [a.title, a.verb, a.data]),
      [
        ['Open details', VERBS.incidentView, REF],
        ['Acknowledge', VERBS.incidentAck, REF],
        ['Take ownership', VERBS.incidentOwn, REF],
      ],
    );
  });

  it('offers only the buttons the viewer may use', () => {
    const card = renderIncidentSummary(summary({ actions: { ack: false, own: false, view: true } }));
    assert.deepEqual(actionsOf(card).map((a) => a.verb), [VERBS.incidentView]);
    assert.deepEqual(renderIncidentSummary(summary({ actions: { ack: false, own: false, view: false } })).actions, []);
  });

  it('has no inputs and nothing beyond the notification fields', () => {
    const card = renderIncidentSummary(summary());
    assert.equal(findAll(card, (t) => t.startsWith('Input.')).length, 0);
    assert.equal(card.refresh, undefined);
  });
});

describe('cards: incident details', () => {
  const card = renderIncidentDetails(details());

  it('shows the header, every section fact and the chronology', () => {
    const lines = visibleLines(card);
    for (const expected of [
      'OS-2026-0042',
      'Reported by Alex Jones on 4 March 2026, 13:50',
      'Status: Decision proposed',
      'Owner: Sam Patel',
      'What happened',
      'Classroom 4',
      '4 March 2026, 14:05 · Sam Patel',
      'Acknowledged.',
    ]) {
      assert.ok(lines.includes(expected), expected);
    }
  });

  it('shows the pending proposal with its reason, and Approve and Reject sharing a reason box', () => {
    const lines = visibleLines(card);
    assert.ok(lines.includes('Reason: Risk of harm outside school.'));
    const form = showCard(card, 'Approve or reject');
    assert.deepEqual(form.body.map((i) => i.id), ['rationale']);
    assert.deepEqual(form.actions.map((a) => [a.verb, a.data]), [
      [VERBS.incidentApprove, REF],
      [VERBS.incidentReject, REF],
    ]);
  });

  const forms: [string, string, string[]][] = [
    ['Add note or action', VERBS.incidentNote, ['note', 'rationale']],
    ['Ask the reporter', VERBS.incidentAsk, ['question']],
    ['Record LADO consultation', VERBS.incidentLado, ['note']],
    ['Propose a decision', VERBS.incidentPropose, ['decision', 'rationale']],
    ['Decide', VERBS.incidentDecide, ['decision', 'rationale']],
    ['Close', VERBS.incidentClose, ['outcome', 'rationale']],
    ['Reopen', VERBS.incidentReopen, ['rationale']],
  ];
  for (const [title, verb, ids] of forms) {
    it(`has a "${title}" form with inputs ${ids.join(' and ')} that submits ${verb} with the incident id and version`, () => {
      const form = showCard(card, title);
      assert.deepEqual(form.body.filter((i) => String(i.type).startsWith('Input.')).map((i) => i.id), ids);
      assert.deepEqual(form.actions.map((a) => [a.type, a.verb, a.data]), [['Action.Execute', verb, REF]]);
    });
  }

  it('makes the note, outcome, question and reasons multiline and offers the decisions in a choice set', () => {
    assert.equal(showCard(card, 'Add note or action').body[0].isMultiline, true);
    assert.equal(showCard(card, 'Close').body[0].isMultiline, true);
    const decision = showCard(card, 'Decide').body[0];
    assert.equal(decision.type, 'Input.ChoiceSet');
    assert.deepEqual(decision.choices, details().decisions);
  });

  it('offers Take ownership as a button', () => {
    const own = actionByTitle(card, 'Take ownership') as Node;
    assert.equal(own.type, 'Action.Execute');
    assert.equal(own.verb, VERBS.incidentOwn);
    assert.deepEqual(own.data, REF);
  });

  it('shows only the forms the viewer may use', () => {
    const only = renderIncidentDetails(details({ forms: { ...noForms, note: true, close: true } }));
    assert.deepEqual(actionsOf(only).filter((a) => a.type === 'Action.ShowCard').map((a) => a.title), ['Add note or action', 'Close']);
    assert.equal(actionsOf(renderIncidentDetails(details({ forms: noForms })).body).length, 0);
  });

  it('hides the decision forms when there are no decisions to choose from', () => {
    const none = renderIncidentDetails(details({ decisions: [], forms: allForms }));
    assert.equal(actionByTitle(none, 'Propose a decision'), undefined);
    assert.equal(actionByTitle(none, 'Decide'), undefined);
    assert.ok(actionByTitle(none, 'Close'));
  });

  it('refreshes with incident.view for the given users, carrying only the incident id', () => {
    assert.deepEqual(card.refresh, {
      action: { type: 'Action.Execute', verb: VERBS.incidentView, data: { incidentId: 'inc-1' } },
      userIds: ['29:user-a', '29:user-b'],
    });
  });

  it(`caps the refresh at ${MAX_REFRESH_USERS} users, as Teams does, after removing repeats`, () => {
    const ids = Array.from({ length: 75 }, (_, i) => `29:user-${i}`);
    const capped = renderIncidentDetails(details({ refreshUserIds: ['29:user-0', ...ids] }));
    assert.equal(MAX_REFRESH_USERS, 60);
    assert.deepEqual((capped.refresh as { userIds: string[] }).userIds, ids.slice(0, 60));
  });

  it('leaves out the refresh when no user should get it', () => {
    assert.equal(renderIncidentDetails(details({ refreshUserIds: [] })).refresh, undefined);
  });

  it('says when no one owns it and nothing is recorded yet', () => {
    const lines = visibleLines(renderIncidentDetails(details({ ownerName: undefined, chronology: [] })));
    assert.ok(lines.includes('Owner: no one yet'));
    assert.ok(lines.includes('Nothing has been recorded yet.'));
  });
});

describe('cards: ask the reporter', () => {
  const card = renderAskReporter({ requestId: 'req-1', reference: 'OS-2026-0042', question: 'Which app was it?', askedByName: 'Sam Patel' });

  it('shows who asks, the question, and a required multiline answer box', () => {
    const lines = visibleLines(card);
    assert.ok(lines.includes('A question about your report OS-2026-0042'));
    assert.ok(lines.includes('Sam Patel asks:'));
    assert.ok(lines.includes('Which app was it?'));
    const answer = inputById(card, 'answer');
    assert.equal(answer.isMultiline, true);
    assert.equal(answer.isRequired, true);
  });

  it('sends the answer with only the request id', () => {
    assert.deepEqual(executesOf(card).map((a) => [a.title, a.verb, a.data]), [['Send', VERBS.infoAnswer, { requestId: 'req-1' }]]);
  });
});

describe('cards: notice', () => {
  it('shows the title and text in a container of the given style, default when not given', () => {
    const styled = renderNotice({ title: 'Report cancelled', text: 'Nothing was sent.', style: 'attention' });
    assert.deepEqual(visibleLines(styled), ['Report cancelled', 'Nothing was sent.']);
    assert.equal((styled.body as Node[])[0].style, 'attention');
    assert.equal((renderNotice({ title: 'a', text: 'b' }).body as Node[])[0].style, 'default');
  });
});
